import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor } from '../access/principal';
import { audit } from '../audit/audit.repository';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/config';
import { AlertSubscriptionsRepository } from './alert-subscriptions.repository';
import { renderDigest } from './digest';
import { OutboxStatus } from './outbox-email.entity';
import { retryUntil } from './outbox-sender.service';
import { DeliveryKey, EmailContent, OutboxRepository } from './outbox.repository';
import { DigestPlan, itemCount, PlannedItem, PlannedReminder } from './plan-digests';
import { UnsubscribeLinks } from './unsubscribe-links';

const deliveryKey = (d: DeliveryKey) => `${d.systemId}|${d.keyDate}|${d.milestone}`;

/**
 * Queues one digest (DESIGN §5): its outbox row and each of its items in the delivery table under
 * the item's unique key, in the caller's transaction, so no item is ever queued twice, whether a
 * day is re-run or two instances run at once.
 */
@Injectable()
export class DigestQueue {
  constructor(
    private readonly clock: Clock,
    private readonly subscriptions: AlertSubscriptionsRepository,
    private readonly outbox: OutboxRepository,
    private readonly links: UnsubscribeLinks,
    private readonly config: AppConfig,
  ) {}

  /** Queues the digest for a run as of `asOf`; returns how many items it carries (0: none queued). */
  async add(em: EntityManager, plan: DigestPlan, asOf: string, actor: Actor): Promise<number> {
    // Unsubscribed or deleted since the run began: queue nothing. The lock (PostgreSQL) makes a
    // concurrent unsubscribe wait for this email, which it then cancels.
    const subscription = await this.subscriptions.lockActive(em, plan.subscriptionId);
    if (!subscription) return 0;
    const now = this.clock.now();
    const id = randomUUID();
    const unsubscribeUrl = await this.links.url(em, subscription.id);
    const content = (
      items: PlannedItem[],
      undecided: PlannedItem[],
      reminders: PlannedReminder[],
    ): EmailContent => {
      const digest = renderDigest(
        items.map((item) => item.digest),
        { scopeName: plan.scopeName, today: plan.today, unsubscribeUrl },
        {
          undecided: undecided.map((item) => item.digest),
          staleLists: reminders.map((r) => r.note),
        },
      );
      return { subject: digest.subject, textBody: digest.text, htmlBody: digest.html };
    };
    await this.outbox.add(em, {
      id,
      subscriptionId: subscription.id,
      to: subscription.email,
      ...content(plan.items, plan.undecided, plan.reminders),
      messageId: `${id}@${new URL(this.config.PUBLIC_URL).hostname}`,
      unsubscribeUrl,
      status: OutboxStatus.PENDING,
      attempts: 0,
      lastError: null,
      runAsOf: asOf,
      createdAt: now,
      nextAttemptAt: now,
      retryUntil: retryUntil(now),
      claimedUntil: null,
      claimToken: null,
      sentAt: null,
    });
    await this.outbox.addDeliveries(
      em,
      id,
      subscription.id,
      [...plan.items, ...plan.undecided].map((item) => item.due),
      now,
    );
    await this.outbox.addReminders(em, id, subscription.id, plan.reminders, now);
    // Another run may have recorded some items first (on PostgreSQL it waited for that run's
    // commit): this email carries only the items recorded under its own id.
    const mine = new Set((await this.outbox.deliveriesOf(em, id)).map(deliveryKey));
    const minePeriods = new Set(
      (await this.outbox.remindersOf(em, id)).map((r) => `${r.boroughId}|${r.periodStart}`),
    );
    const items = plan.items.filter((item) => mine.has(deliveryKey(item.due)));
    const undecided = plan.undecided.filter((item) => mine.has(deliveryKey(item.due)));
    const reminders = plan.reminders.filter((r) =>
      minePeriods.has(`${r.boroughId}|${r.periodStart}`),
    );
    const queued = items.length + undecided.length + reminders.length;
    if (queued === 0) {
      await this.outbox.remove(em, id);
      return 0;
    }
    if (queued < itemCount(plan)) {
      await this.outbox.rewrite(em, id, content(items, undecided, reminders));
    }
    await audit(em, actor, now, {
      action: 'alerts.queue',
      boroughId: subscription.boroughId,
      targetId: id,
      details: { subscriptionId: subscription.id, runAsOf: asOf, items: queued },
    });
    return queued;
  }
}
