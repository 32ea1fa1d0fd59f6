import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { In, IsNull, LessThan, LessThanOrEqual, Not } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { OutboxEmail, OutboxStatus } from './alert-outbox.entity';
import { MailError, Mailer } from './mailer';

/** Longer than the worst single send (SMTP connect, greeting and socket timeouts add up to 50 s). */
const LEASE_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60 * 60_000;

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

  private claimNext(
    ignoreBackoff: boolean,
    failed: Set<string>,
  ): Promise<{ row: OutboxEmail; token: string } | null> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      const query = em
        .createQueryBuilder(OutboxEmail, 'o')
        .where({ status: OutboxStatus.PENDING })
        .andWhere([{ claimedUntil: IsNull() }, { claimedUntil: LessThan(now) }])
        .orderBy('o.created_at', 'ASC')
        .addOrderBy('o.id', 'ASC')
        .limit(1);
      if (!ignoreBackoff) query.andWhere({ nextAttemptAt: LessThanOrEqual(now) });
      if (failed.size > 0) query.andWhere({ id: Not(In([...failed])) });
      const row = await this.db.lockRows(query, 'claim').getOne();
      if (!row) return null;
      const token = randomUUID();
      await em.update(
        OutboxEmail,
        { id: row.id },
        { claimedUntil: new Date(now.getTime() + LEASE_MS), claimToken: token },
      );
      return { row, token };
    });
  }

  private async deliver(row: OutboxEmail, token: string): Promise<boolean> {
    const now = this.clock.now();
    if (row.retryUntil <= now) {
      await this.mark(row, token, {
        status: OutboxStatus.FAILED,
        lastError: `Not delivered within seven days${row.lastError ? `: ${row.lastError}` : ''}`,
      });
      return false;
    }
    try {
      await this.mailer.send({
        to: row.to,
        from: this.config.MAIL_FROM,
        subject: row.subject,
        text: row.textBody,
        html: row.htmlBody,
        messageId: row.messageId,
        headers: {
          'List-Unsubscribe': `<${row.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
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

  /**
   * Records the outcome, only under this claim's token. A failure only touches a row still
   * pending, so an email cancelled by an unsubscribe while it was being tried stays cancelled; a
   * success is recorded as what happened.
   */
  private async mark(
    row: OutboxEmail,
    token: string,
    changes: Partial<OutboxEmail>,
  ): Promise<void> {
    const where =
      changes.status === OutboxStatus.SENT
        ? { id: row.id, claimToken: token }
        : { id: row.id, claimToken: token, status: OutboxStatus.PENDING };
    await this.db.transaction((em) =>
      em.update(OutboxEmail, where, { ...changes, claimedUntil: null }),
    );
  }
}
