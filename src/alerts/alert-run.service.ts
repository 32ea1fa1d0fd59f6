import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { In, IsNull, MoreThan } from 'typeorm';
import { audit } from '../audit/audit-log';
import { Principal } from '../access/principal';
import { Borough } from '../boroughs/borough.entity';
import { Category } from '../categories/category.entity';
import { ClustersService } from '../clusters/clusters.service';
import { Clock } from '../common/clock';
import { addDays, daysBetween } from '../common/dates';
import { DomainError } from '../common/domain-error';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { Product } from '../suppliers/product.entity';
import { Supplier } from '../suppliers/supplier.entity';
import { ItSystem } from '../systems/it-system.entity';
import { AlertDelivery, OutboxEmail, OutboxStatus } from './alert-outbox.entity';
import { AlertSubscription } from './alert-subscription.entity';
import { DigestItem, renderDigest } from './digest';
import { DueItem, dueMilestones } from './due-milestones';
import { AlertRun } from './models/alert-run.model';
import { OutboxSender } from './outbox-sender.service';
import { UnsubscribeLinks } from './unsubscribe-links';

/** A system as the alert run reads it: enough to scope, count down and describe it. */
interface RunSystem {
  id: string;
  boroughId: string;
  categoryCode: string;
  name: string;
  contractEnd: string;
  noticePeriodDays: number | null;
  maxExtentDate: string | null;
  supplierName: string;
  productName: string | null;
}

type ClusterNote = NonNullable<DigestItem['cluster']> & { boroughIds: string[] };

const CHUNK = 500;

/** The daily run's actor in the audit trail. */
const SCHEDULE = { keyId: null, label: 'Scheduled alert run' };

/**
 * The alert run (DESIGN §5): works out what each active subscription is due, records each item
 * in the delivery table under its unique key in the same transaction as the digest's outbox row,
 * then sends. Re-running a day, or two instances running at once, queues nothing twice.
 */
@Injectable()
export class AlertRunService {
  private readonly logger = new Logger(AlertRunService.name);

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly clusters: ClustersService,
    private readonly sender: OutboxSender,
    private readonly links: UnsubscribeLinks,
    private readonly config: AppConfig,
  ) {}

  /**
   * `retryNow` (a manual run) also tries every pending email at once, whatever its backoff.
   * A real run accepts any day up to today (to catch up after downtime); later days only dry.
   */
  async run({
    asOf,
    dryRun = false,
    retryNow = false,
    actor = SCHEDULE,
  }: {
    asOf?: string | null;
    dryRun?: boolean;
    retryNow?: boolean;
    actor?: Pick<Principal, 'keyId' | 'label'>;
  }): Promise<AlertRun> {
    const today = this.clock.today();
    const day = asOf ?? today;
    if (day > today && !dryRun) {
      throw DomainError.badInput([
        { path: 'asOf', message: `is after today (${today}): only a dry run may look ahead` },
      ]);
    }
    const started = Date.now();
    const subscriptions = await this.db.read((em) =>
      em.find(AlertSubscription, {
        where: { active: true, deletedAt: IsNull() },
        order: { createdAt: 'ASC', id: 'ASC' },
      }),
    );
    const run: AlertRun = {
      asOf: day,
      dryRun,
      emailsQueued: 0,
      itemsQueued: 0,
      emailsSent: 0,
      emailsFailed: 0,
    };
    if (subscriptions.length > 0) {
      const maxLead = Math.max(...subscriptions.flatMap((s) => s.leadDays));
      const systems = await this.systems(day, maxLead);
      const sent = await this.sentMilestones(subscriptions, day);
      const boroughNames = await this.boroughNames();
      const clusterOf = await this.clusterNotes(day);

      for (const subscription of subscriptions) {
        const inScope = systems.filter(
          (s) =>
            (subscription.boroughId === null || s.boroughId === subscription.boroughId) &&
            (subscription.categoryCodes === null ||
              subscription.categoryCodes.includes(s.categoryCode)),
        );
        // A catch-up run decides milestones as of its day, but tells the days left from today and
        // leaves out deadlines already past; a dry run for a later day speaks as of that day.
        const reference = day > today ? day : today;
        const due = dueMilestones(
          subscription.leadDays,
          inScope,
          sent.get(subscription.id) ?? new Map(),
          day,
        )
          .filter((item) => item.keyDate > reference)
          .map((item) => ({ ...item, daysLeft: daysBetween(reference, item.keyDate) }));
        if (due.length === 0) continue;
        const byId = new Map(inScope.map((s) => [s.id, s]));
        const describe = (items: DueItem[]) =>
          items.map((item) =>
            digestItem(item, byId.get(item.systemId)!, boroughNames, clusterOf.get(item.systemId)),
          );
        const queued = dryRun
          ? due.length
          : await this.queue(subscription, due, describe, day, boroughNames, actor);
        if (queued > 0) {
          run.emailsQueued++;
          run.itemsQueued += queued;
        }
      }
    }
    if (!dryRun) {
      const delivery = await this.sender.sendDue({ ignoreBackoff: retryNow });
      run.emailsSent = delivery.sent;
      run.emailsFailed = delivery.failed;
      // A run is many small transactions (one per email); its record sums them up. A dry run
      // changes nothing and records nothing.
      await this.db.transaction((em) =>
        audit(em, actor, this.clock.now(), { action: 'alerts.run', details: { ...run } }),
      );
    }
    this.logger.log(
      `Alert run for ${day}${dryRun ? ' (dry run)' : ''}: ${subscriptions.length} subscriptions, ${run.emailsQueued} emails with ${run.itemsQueued} items queued, ${run.emailsSent} sent, ${run.emailsFailed} failed, ${Date.now() - started} ms`,
    );
    return run;
  }

  /** One transaction: the outbox row, then each item under its unique key; returns items queued. */
  private queue(
    subscription: AlertSubscription,
    due: DueItem[],
    describe: (items: DueItem[]) => DigestItem[],
    asOf: string,
    boroughNames: Map<string, string>,
    actor: Pick<Principal, 'keyId' | 'label'>,
  ): Promise<number> {
    const scope = subscription.boroughId
      ? (boroughNames.get(subscription.boroughId) ?? null)
      : null;
    return this.db.transaction(async (em) => {
      // Unsubscribed or deleted since the run began: queue nothing. The lock (PostgreSQL) makes a
      // concurrent unsubscribe wait for this email, which it then cancels.
      const current = em.createQueryBuilder(AlertSubscription, 'a').where({ id: subscription.id });
      const latest = await this.db.lockRows(current, 'share').getOne();
      if (!latest?.active || latest.deletedAt) return 0;
      subscription = latest;
      const now = this.clock.now();
      const id = randomUUID();
      const unsubscribeUrl = await this.links.url(em, subscription.id);
      const digest = renderDigest(describe(due), scope, unsubscribeUrl);
      await em.insert(OutboxEmail, {
        id,
        subscriptionId: subscription.id,
        to: subscription.email,
        subject: digest.subject,
        textBody: digest.text,
        htmlBody: digest.html,
        messageId: `${id}@${new URL(this.config.PUBLIC_URL).hostname}`,
        unsubscribeUrl,
        status: OutboxStatus.PENDING,
        attempts: 0,
        lastError: null,
        runAsOf: asOf,
        createdAt: now,
        nextAttemptAt: now,
        retryUntil: new Date(now.getTime() + 7 * 86_400_000),
        claimedUntil: null,
        sentAt: null,
      });
      for (let i = 0; i < due.length; i += CHUNK) {
        await em
          .createQueryBuilder()
          .insert()
          .into(AlertDelivery)
          .values(
            due.slice(i, i + CHUNK).map((item) => ({
              id: randomUUID(),
              subscriptionId: subscription.id,
              systemId: item.systemId,
              keyDate: item.keyDate,
              milestone: item.milestone,
              outboxId: id,
              createdAt: now,
            })),
          )
          .orIgnore()
          .execute();
      }
      // Another run may have recorded some items first (on PostgreSQL it waited for that run's
      // commit): this email carries only the items recorded under its own id.
      const mine = new Set(
        (
          await em.find(AlertDelivery, {
            where: { outboxId: id },
            select: { systemId: true, keyDate: true, milestone: true },
          })
        ).map(deliveryKey),
      );
      const queued = due.filter((item) => mine.has(deliveryKey(item)));
      if (queued.length > 0) {
        await audit(em, actor, now, {
          action: 'alerts.queue',
          boroughId: subscription.boroughId,
          targetId: id,
          details: { subscriptionId: subscription.id, runAsOf: asOf, items: queued.length },
        });
      }
      if (queued.length === 0) {
        await em.delete(OutboxEmail, { id });
      } else if (queued.length < due.length) {
        const reduced = renderDigest(describe(queued), scope, unsubscribeUrl);
        await em.update(
          OutboxEmail,
          { id },
          { subject: reduced.subject, textBody: reduced.text, htmlBody: reduced.html },
        );
      }
      return queued.length;
    });
  }

  /** Current systems whose key date can still be ahead and within the longest lead. */
  private systems(asOf: string, maxLeadDays: number): Promise<RunSystem[]> {
    return this.db.read(async (em) => {
      const rows = await em
        .createQueryBuilder(ItSystem, 's')
        .innerJoin(Category, 'c', 'c.id = s.category_id')
        .innerJoin(Supplier, 'sup', 'sup.id = s.supplier_id')
        .leftJoin(Product, 'p', 'p.id = s.product_id')
        .select('s.id', 'id')
        .addSelect('s.borough_id', 'boroughId')
        .addSelect('c.code', 'categoryCode')
        .addSelect('s.name', 'name')
        .addSelect('s.contract_end', 'contractEnd')
        .addSelect('s.notice_period_days', 'noticePeriodDays')
        .addSelect('s.max_extent_date', 'maxExtentDate')
        .addSelect('sup.name', 'supplierName')
        .addSelect('p.name', 'productName')
        .where('s.retired_at IS NULL')
        // A key date is at most 730 days (the longest notice) before the end.
        .andWhere('s.contract_end > :asOf AND s.contract_end <= :until', {
          asOf,
          until: addDays(asOf, maxLeadDays + 730),
        })
        .getRawMany<RunSystem>();
      return rows.map((r) => ({
        ...r,
        noticePeriodDays: r.noticePeriodDays === null ? null : Number(r.noticePeriodDays),
      }));
    });
  }

  /** Per subscription, the smallest milestone already queued for each (system, key date) ahead. */
  private sentMilestones(
    subscriptions: AlertSubscription[],
    asOf: string,
  ): Promise<Map<string, Map<string, number>>> {
    return this.db.read(async (em) => {
      const rows = await em
        .createQueryBuilder(AlertDelivery, 'd')
        .select('d.subscription_id', 'subscriptionId')
        .addSelect('d.system_id', 'systemId')
        .addSelect('d.key_date', 'keyDate')
        .addSelect('MIN(d.milestone)', 'milestone')
        .where({ subscriptionId: In(subscriptions.map((s) => s.id)), keyDate: MoreThan(asOf) })
        .groupBy('d.subscription_id')
        .addGroupBy('d.system_id')
        .addGroupBy('d.key_date')
        .getRawMany<{
          subscriptionId: string;
          systemId: string;
          keyDate: string;
          milestone: number | string;
        }>();
      const sent = new Map<string, Map<string, number>>();
      for (const row of rows) {
        const forSubscription = sent.get(row.subscriptionId) ?? new Map<string, number>();
        forSubscription.set(`${row.systemId}|${row.keyDate}`, Number(row.milestone));
        sent.set(row.subscriptionId, forSubscription);
      }
      return sent;
    });
  }

  private async boroughNames(): Promise<Map<string, string>> {
    const boroughs = await this.db.read((em) =>
      em.find(Borough, { select: { id: true, shortName: true } }),
    );
    return new Map(boroughs.map((b) => [b.id, b.shortName]));
  }

  /** Each clustered system's cluster, as the coordinating team sees it today (default options). */
  private async clusterNotes(asOf: string): Promise<Map<string, ClusterNote>> {
    const notes = new Map<string, ClusterNote>();
    for (const cluster of await this.clusters.find({ asOf })) {
      const note = {
        key: cluster.key,
        window: cluster.window,
        actionBy: cluster.actionBy,
        boroughIds: cluster.boroughIds,
        otherBoroughs: [],
      };
      for (const member of cluster.members) notes.set(member.systemId, note);
    }
    return notes;
  }
}

const deliveryKey = (d: { systemId: string; keyDate: string; milestone: number }) =>
  `${d.systemId}|${d.keyDate}|${Number(d.milestone)}`;

function digestItem(
  item: DueItem,
  system: RunSystem,
  boroughNames: Map<string, string>,
  cluster: ClusterNote | undefined,
): DigestItem {
  return {
    systemName: system.name,
    boroughName: boroughNames.get(system.boroughId) ?? '',
    supplierName: system.supplierName,
    productName: system.productName,
    contractEnd: system.contractEnd,
    maxExtentDate: system.maxExtentDate,
    noticeDeadline: system.noticePeriodDays ? item.keyDate : null,
    keyDate: item.keyDate,
    daysLeft: item.daysLeft,
    cluster: cluster
      ? {
          key: cluster.key,
          window: cluster.window,
          actionBy: cluster.actionBy,
          otherBoroughs: cluster.boroughIds
            .filter((id) => id !== system.boroughId)
            .map((id) => boroughNames.get(id) ?? id)
            .sort(),
        }
      : null,
  };
}
