import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/** RFC 4954's authentication answers: about the sender's login, not about the message. */
const AUTH_CODES = new Set([530, 534, 535, 538]);

export interface MailMessage {
  to: string;
  from: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  messageId: string;
  headers: Record<string, string>;
}

/** A failed send. Permanent failures (the server said 5xx) are not retried. */
export class MailError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** Where alert emails go: an SMTP server, or `.eml` files for a newcomer to open. */
export abstract class Mailer {
  abstract readonly transport: 'smtp' | 'file';
  abstract send(message: MailMessage): Promise<void>;
  async close(): Promise<void> {}
}

/** SMTP through one nodemailer transport, with timeouts so a hung server cannot stall a run. */
export class SmtpMailer extends Mailer {
  readonly transport = 'smtp';
  private readonly transporter: Transporter;

  constructor(url: string) {
    super();
    this.transporter = nodemailer.createTransport({
      url,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    } as SMTPTransport.Options);
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transporter.sendMail(message);
    } catch (error) {
      const e = error as { responseCode?: number; message?: string; code?: string };
      // A 5xx answer about this message is final; a refused login (EAUTH) is the operator's to fix,
      // so those emails wait and are retried rather than failed.
      const permanent =
        typeof e.responseCode === 'number' &&
        e.responseCode >= 500 &&
        e.responseCode < 600 &&
        !AUTH_CODES.has(e.responseCode) &&
        e.code !== 'EAUTH';
      // Never the message body: only what the server or socket said.
      throw new MailError(
        `${e.code ?? 'SMTP'} ${e.responseCode ?? ''} ${e.message ?? String(error)}`
          .replace(/\s+/g, ' ')
          .trim(),
        permanent,
      );
    }
  }

  override async close(): Promise<void> {
    this.transporter.close();
  }
}

/** Without SMTP_URL: each email becomes `var/mail/<id>.eml`, openable in any mail client. */
export class FileMailer extends Mailer {
  readonly transport = 'file';
  private readonly logger = new Logger('Mail');
  private readonly builder = nodemailer.createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'unix',
  });
  private readonly directory: string;

  constructor(directory = 'var/mail') {
    super();
    this.directory = resolve(directory);
  }

  async send(message: MailMessage): Promise<void> {
    const built = (await this.builder.sendMail(message)) as { message: Buffer };
    mkdirSync(this.directory, { recursive: true });
    const file = join(this.directory, `${message.messageId.replace(/[^A-Za-z0-9@._-]/g, '')}.eml`);
    writeFileSync(file, built.message);
    this.logger.log(`Alert email for ${message.to} written to ${file}`);
  }
}
