import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { MailError, Mailer } from './mailer';
import { OutboxEmail, OutboxStatus } from './outbox-email.entity';
import { OutboxRepository } from './outbox.repository';

/** Longer than the worst single send (SMTP connect, greeting and socket timeouts add up to 50 s). */
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;
export const RETRY_WINDOW_DAYS = 7;
const RETRY_WINDOW_MS = RETRY_WINDOW_DAYS * 86_400_000;

/** Transient failures are retried for seven days from queueing or re-queueing (DESIGN §5). */
export function retryUntil(queuedAt: Date): Date {
  return new Date(queuedAt.getTime() + RETRY_WINDOW_MS);
}

/** Minutes before the next try after `attempts` failures: 1, 2, 4 … capped at an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

export interface SendResult {
  sent: number;
  failed: number;
}

/**
 * Delivers outbox rows at least once (DESIGN §5). Each row is claimed just before it is sent, with
 * a lease and a token (on PostgreSQL with FOR UPDATE SKIP LOCKED, so two instances never take the
 * same row), sent outside any transaction, then marked by the claim that sent it. A crash between
 * the server's acceptance and the mark lets the lease lapse and the row be sent again; its stable
 * Message-ID lets mail systems drop the copy.
 */
@Injectable()
export class OutboxSender {
  private readonly logger = new Logger(OutboxSender.name);

  constructor(
    private readonly db: Database,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Sends what is due; with `ignoreBackoff` (a manual run) every pending row is tried now. */
  async sendDue({ ignoreBackoff = false } = {}): Promise<SendResult> {
    const result: SendResult = { sent: 0, failed: 0 };
    // Rows that failed in this pass and may still be pending: not tried twice. A row sent is no
    // longer pending, so it needs no excluding, and a pass that goes well binds no ids at all.
    const failed = new Set<string>();
    for (;;) {
      const claim = await this.claimNext(ignoreBackoff, failed);
      if (!claim) return result;
      if (await this.deliver(claim.row, claim.token)) {
        result.sent++;
      } else {
        result.failed++;
        failed.add(claim.row.id);
      }
    }
  }

  private async claimNext(
    ignoreBackoff: boolean,
    failed: ReadonlySet<string>,
  ): Promise<{ row: OutboxEmail; token: string } | null> {
    const now = this.clock.now();
    const token = randomUUID();
    const row = await this.db.transaction((em) =>
      this.outbox.claimNext(em, {
        now,
        ignoreBackoff,
        excluding: failed,
        token,
        leaseUntil: new Date(now.getTime() + LEASE_MS),
      }),
    );
    return row && { row, token };
  }

  private async deliver(row: OutboxEmail, token: string): Promise<boolean> {
    const now = this.clock.now();
    if (row.retryUntil <= now) {
      await this.mark(row, token, {
        status: OutboxStatus.FAILED,
        lastError: `Not delivered within ${RETRY_WINDOW_DAYS} days${row.lastError ? `: ${row.lastError}` : ''}`,
      });
      return false;
    }
    try {
      await this.mailer.send({
        to: row.to,
        from: { name: this.config.MAIL_FROM_NAME, address: this.config.MAIL_FROM },
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        messageId: row.messageId,
        headers: {
          'List-Unsubscribe': `<${row.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          // RFC 3834: an automatic message, which out-of-office and other auto-replies must not
          // answer; Exchange and Outlook, which most boroughs run, heed their own header instead.
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
        },
      });
    } catch (error) {
      const failure = error instanceof MailError ? error : new MailError(String(error), false);
      const attempts = row.attempts + 1;
      const giveUp =
        failure.permanent || now.getTime() + backoffMs(attempts) > row.retryUntil.getTime();
      this.logger.warn(
        `Alert email ${row.id} not delivered (attempt ${attempts}${giveUp ? ', giving up' : ''}): ${failure.message}`,
      );
      await this.mark(row, token, {
        status: giveUp ? OutboxStatus.FAILED : OutboxStatus.PENDING,
        attempts,
        lastError: failure.message.slice(0, 1000),
        nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
      });
      return false;
    }
    await this.mark(row, token, {
      status: OutboxStatus.SENT,
      attempts: row.attempts + 1,
      sentAt: this.clock.now(),
      lastError: null,
    });
    return true;
  }

  /** Records the outcome under this claim's token (see `OutboxRepository.recordOutcome`). */
  private mark(row: OutboxEmail, token: string, changes: Partial<OutboxEmail>): Promise<void> {
    return this.db.transaction((em) => this.outbox.recordOutcome(em, row.id, token, changes));
  }
}
