import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export type SmtpMode = 'accept' | 'reject-permanent' | 'reject-transient';

/**
 * A real SMTP server in the test process: the service talks SMTP to it over 127.0.0.1, and the
 * test reads what arrived. It can refuse mail (5xx or 4xx) or go away entirely.
 */
export class TestSmtpServer {
  readonly received: ParsedMail[] = [];
  readonly raw: string[] = [];
  mode: SmtpMode = 'accept';
  /** Answer each message this much later: a slow relay. */
  delayMs = 0;
  /** Ask for a login (takes effect at the next start). */
  requireAuth = false;
  port = 0;
  private server: SMTPServer | undefined;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: !this.requireAuth,
      onAuth: (_auth, _session, callback) => callback(new Error('Invalid credentials')),
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (this.mode !== 'accept') {
            const permanent = this.mode === 'reject-permanent';
            const error = new Error(
              permanent ? 'Mailbox unavailable' : 'Try again later',
            ) as Error & { responseCode: number };
            error.responseCode = permanent ? 550 : 451;
            callback(error);
            return;
          }
          const message = Buffer.concat(chunks).toString('utf8');
          setTimeout(() => {
            this.raw.push(message);
            void simpleParser(message).then((parsed) => {
              this.received.push(parsed);
              callback();
            });
          }, this.delayMs);
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  /** An outage: the port stops answering until `start()` again. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
    this.server = undefined;
  }
}
