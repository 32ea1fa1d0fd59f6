import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull } from 'typeorm';
import { Database } from '../database/database';
import { AlertSubscription } from './alert-subscription.entity';

/** What a subscription asks for: the fields a create or an update writes. */
export type SubscriptionValues = Pick<
  AlertSubscription,
  'email' | 'boroughId' | 'leadDays' | 'categoryCodes' | 'active' | 'unsubscribedAt'
>;

/**
 * The `alert_subscription` table: the one place that reads and writes it. A deleted subscription
 * keeps its row (`deleted_at` set) so its deliveries and emails still name it. Methods run in the
 * unit of work they are given.
 */
@Injectable()
export class AlertSubscriptionsRepository {
  constructor(private readonly db: Database) {}

  /** Subscriptions not deleted, oldest first. */
  listed(em: EntityManager): Promise<AlertSubscription[]> {
    return em.find(AlertSubscription, {
      where: { deletedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Subscriptions an alert run serves: not deleted nor unsubscribed, oldest first. */
  active(em: EntityManager): Promise<AlertSubscription[]> {
    return em.find(AlertSubscription, {
      where: { active: true, deletedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Those of `ids` whose subscriptions are still active. */
  async activeIds(em: EntityManager, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await em.find(AlertSubscription, {
      where: { id: In([...new Set(ids)]), active: true, deletedAt: IsNull() },
      select: { id: true },
    });
    return new Set(rows.map((s) => s.id));
  }

  /** The subscription, deleted or not. */
  findById(em: EntityManager, id: string): Promise<AlertSubscription | null> {
    return em.findOneBy(AlertSubscription, { id });
  }

  /** The subscription unless it was deleted. */
  findListed(em: EntityManager, id: string): Promise<AlertSubscription | null> {
    return em.findOneBy(AlertSubscription, { id, deletedAt: IsNull() });
  }

  /**
   * The subscription if it is still active, held against changes until the transaction ends (on
   * PostgreSQL), so an unsubscribe waits for what is being written for it; null once unsubscribed
   * or deleted.
   */
  async lockActive(em: EntityManager, id: string): Promise<AlertSubscription | null> {
    const query = em.createQueryBuilder(AlertSubscription, 'a').where({ id });
    const row = await this.db.lockRows(query, 'share').getOne();
    return row?.active && !row.deletedAt ? row : null;
  }

  async add(em: EntityManager, subscription: AlertSubscription): Promise<void> {
    await em.insert(AlertSubscription, subscription);
  }

  async update(
    em: EntityManager,
    id: string,
    values: SubscriptionValues,
    updatedAt: Date,
  ): Promise<void> {
    await em.update(AlertSubscription, { id }, { ...values, updatedAt });
  }

  async markDeleted(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.update(AlertSubscription, { id }, { deletedAt: at, active: false, updatedAt: at });
  }

  async markUnsubscribed(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.update(
      AlertSubscription,
      { id },
      { active: false, unsubscribedAt: at, updatedAt: at },
    );
  }
}
