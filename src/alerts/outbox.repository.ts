import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, LessThan, LessThanOrEqual, MoreThan, Not } from 'typeorm';
import { Database } from '../database/database';
import { AlertDelivery } from './alert-delivery.entity';
import { OutboxEmail, OutboxStatus } from './outbox-email.entity';
import { AlertReminder } from './alert-reminder.entity';
import { SentMilestone, SentReminder } from './plan-digests';

/** One item of a digest, under the unique key that stops it being queued twice. */
export interface DeliveryKey {
  systemId: string;
  keyDate: string;
  milestone: number;
}

/** What an email's content is: rewritten when it carries fewer items than planned. */
export type EmailContent = Pick<OutboxEmail, 'subject' | 'textBody' | 'htmlBody'>;

/** Emails not yet sent: still to try, or given up on but open to an admin's re-queue. */
const UNSENT = In([OutboxStatus.PENDING, OutboxStatus.FAILED]);

const CHUNK = 500;

/**
 * The `alert_outbox` and `alert_delivery` tables: the one place that reads and writes them. An
 * email and the items it reports are written together, in the caller's transaction. Methods run
 * in the unit of work they are given.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: Database) {}

  /** Emails, newest first, with this status if one is given. */
  list(
    em: EntityManager,
    status: OutboxStatus | null | undefined,
    limit: number,
  ): Promise<OutboxEmail[]> {
    return em.find(OutboxEmail, {
      where: status ? { status } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  byIds(em: EntityManager, ids: readonly string[]): Promise<OutboxEmail[]> {
    return em.findBy(OutboxEmail, { id: In([...new Set(ids)]) });
  }

  async add(em: EntityManager, email: OutboxEmail): Promise<void> {
    await em.insert(OutboxEmail, email);
  }

  async rewrite(em: EntityManager, id: string, content: EmailContent): Promise<void> {
    await em.update(OutboxEmail, { id }, content);
  }

  async remove(em: EntityManager, id: string): Promise<void> {
    await em.delete(OutboxEmail, { id });
  }

  /**
   * Records each item under its unique key as carried by email `outboxId`. An item another run
   * recorded first is left as it is (on PostgreSQL, after waiting for that run's commit).
   */
  async addDeliveries(
    em: EntityManager,
    outboxId: string,
    subscriptionId: string,
    items: readonly DeliveryKey[],
    at: Date,
  ): Promise<void> {
    for (let i = 0; i < items.length; i += CHUNK) {
      await em
        .createQueryBuilder()
        .insert()
        .into(AlertDelivery)
        .values(
          items.slice(i, i + CHUNK).map((item) => ({
            id: randomUUID(),
            subscriptionId,
            systemId: item.systemId,
            keyDate: item.keyDate,
            milestone: item.milestone,
            outboxId,
            createdAt: at,
          })),
        )
        .orIgnore()
        .execute();
    }
  }

  /** Records the reminders email `outboxId` carries; one recorded first by another run stays. */
  async addReminders(
    em: EntityManager,
    outboxId: string,
    subscriptionId: string,
    reminders: readonly { boroughId: string; periodStart: string }[],
    at: Date,
  ): Promise<void> {
    if (reminders.length === 0) return;
    await em
      .createQueryBuilder()
      .insert()
      .into(AlertReminder)
      .values(
        reminders.map((r) => ({
          id: randomUUID(),
          subscriptionId,
          boroughId: r.boroughId,
          periodStart: r.periodStart,
          outboxId,
          createdAt: at,
        })),
      )
      .orIgnore()
      .execute();
  }

  /** The reminders recorded as carried by email `outboxId`. */
  async remindersOf(
    em: EntityManager,
    outboxId: string,
  ): Promise<{ boroughId: string; periodStart: string }[]> {
    return em.find(AlertReminder, {
      where: { outboxId },
      select: { boroughId: true, periodStart: true },
    });
  }

  /** For these subscriptions, every staleness period already reminded of. */
  async sentReminders(
    em: EntityManager,
    subscriptionIds: readonly string[],
  ): Promise<SentReminder[]> {
    if (subscriptionIds.length === 0) return [];
    return em.find(AlertReminder, {
      where: { subscriptionId: In([...subscriptionIds]) },
      select: { subscriptionId: true, boroughId: true, periodStart: true },
    });
  }

  /** The items recorded as carried by email `outboxId`. */
  async deliveriesOf(em: EntityManager, outboxId: string): Promise<DeliveryKey[]> {
    const rows = await em.find(AlertDelivery, {
      where: { outboxId },
      select: { systemId: true, keyDate: true, milestone: true },
    });
    return rows.map((r) => ({ ...r, milestone: Number(r.milestone) }));
  }

  /** For these subscriptions, the smallest milestone already queued per system and key date after `after`. */
  async sentMilestones(
    em: EntityManager,
    subscriptionIds: readonly string[],
    after: string,
  ): Promise<SentMilestone[]> {
    if (subscriptionIds.length === 0) return [];
    const rows = await em
      .createQueryBuilder(AlertDelivery, 'd')
      .select('d.subscription_id', 'subscriptionId')
      .addSelect('d.system_id', 'systemId')
      .addSelect('d.key_date', 'keyDate')
      .addSelect('MIN(d.milestone)', 'milestone')
      .where({ subscriptionId: In([...subscriptionIds]), keyDate: MoreThan(after) })
      .groupBy('d.subscription_id')
      .addGroupBy('d.system_id')
      .addGroupBy('d.key_date')
      .getRawMany<Omit<SentMilestone, 'milestone'> & { milestone: number | string }>();
    return rows.map((r) => ({ ...r, milestone: Number(r.milestone) }));
  }

  /** Unsent emails of a subscription follow it to its new address. */
  async readdressUnsent(em: EntityManager, subscriptionId: string, to: string): Promise<void> {
    await em.update(OutboxEmail, { subscriptionId, status: UNSENT }, { to });
  }

  /**
   * Emails not yet sent to a subscription that no longer wants them are never sent: pending ones,
   * and failed ones an admin might otherwise re-queue.
   */
  async cancelPending(em: EntityManager, subscriptionId: string): Promise<void> {
    await em.update(
      OutboxEmail,
      { subscriptionId, status: UNSENT },
      { status: OutboxStatus.CANCELLED, claimedUntil: null },
    );
  }

  /**
   * Forgets the items of a subscription's cancelled emails, so that once it is turned back on they
   * are due again (at their milestone of that day) instead of counting as told. The emails stay.
   */
  async releaseCancelled(em: EntityManager, subscriptionId: string): Promise<void> {
    for (const table of [AlertDelivery, AlertReminder]) {
      await em
        .createQueryBuilder()
        .delete()
        .from(table)
        .where('subscription_id = :subscriptionId', { subscriptionId })
        .andWhere(
          'outbox_id IN (SELECT o.id FROM alert_outbox o WHERE o.subscription_id = :subscriptionId AND o.status = :cancelled)',
          { cancelled: OutboxStatus.CANCELLED },
        )
        .execute();
    }
  }

  /** Puts emails back in the queue, to be tried now and until `retryUntil`; returns what changed. */
  async requeue(
    em: EntityManager,
    ids: readonly string[],
    now: Date,
    retryUntil: Date,
  ): Promise<Pick<OutboxEmail, 'status' | 'nextAttemptAt' | 'retryUntil' | 'claimedUntil'>> {
    const changes = {
      status: OutboxStatus.PENDING,
      nextAttemptAt: now,
      retryUntil,
      claimedUntil: null,
    };
    await em.update(OutboxEmail, { id: In([...ids]) }, changes);
    return changes;
  }

  /**
   * Takes the oldest pending email no one holds, leased to `token` until `leaseUntil`: with FOR
   * UPDATE SKIP LOCKED on PostgreSQL, so two senders never take the same row. Without
   * `ignoreBackoff`, only an email whose next attempt is due; never one of `excluding`.
   */
  async claimNext(
    em: EntityManager,
    {
      now,
      ignoreBackoff,
      excluding,
      token,
      leaseUntil,
    }: {
      now: Date;
      ignoreBackoff: boolean;
      excluding: ReadonlySet<string>;
      token: string;
      leaseUntil: Date;
    },
  ): Promise<OutboxEmail | null> {
    const query = em
      .createQueryBuilder(OutboxEmail, 'o')
      .where({ status: OutboxStatus.PENDING })
      .andWhere([{ claimedUntil: IsNull() }, { claimedUntil: LessThan(now) }])
      .orderBy('o.created_at', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .limit(1);
    if (!ignoreBackoff) query.andWhere({ nextAttemptAt: LessThanOrEqual(now) });
    if (excluding.size > 0) query.andWhere({ id: Not(In([...excluding])) });
    const row = await this.db.lockRows(query, 'claim').getOne();
    if (!row) return null;
    await em.update(OutboxEmail, { id: row.id }, { claimedUntil: leaseUntil, claimToken: token });
    return row;
  }

  /**
   * Records a send's outcome, only under the claim's token, and ends the lease. A failure only
   * touches a row still pending, so an email cancelled by an unsubscribe while it was being tried
   * stays cancelled; a success is recorded as what happened.
   */
  async recordOutcome(
    em: EntityManager,
    id: string,
    token: string,
    changes: Partial<OutboxEmail>,
  ): Promise<void> {
    const where =
      changes.status === OutboxStatus.SENT
        ? { id, claimToken: token }
        : { id, claimToken: token, status: OutboxStatus.PENDING };
    await em.update(OutboxEmail, where, { ...changes, claimedUntil: null });
  }
}
