import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { AlertSubscription } from './alert-subscription.entity';
import { audit } from '../audit/audit-log';
import { Principal } from '../access/principal';
import { Clock } from '../common/clock';
import { DomainError, FieldErrors } from '../common/domain-error';
import { Database } from '../database/database';
import { OutboxEmail, OutboxStatus } from './alert-outbox.entity';

const LIST_LIMIT = 1000;

/** What admins see and do with the outbox. */
@Injectable()
export class OutboxService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  list(status?: OutboxStatus | null): Promise<OutboxEmail[]> {
    return this.db.read((em) =>
      em.find(OutboxEmail, {
        where: status ? { status } : {},
        order: { createdAt: 'DESC', id: 'DESC' },
        take: LIST_LIMIT,
      }),
    );
  }

  async requeue(principal: Principal, ids: string[]): Promise<OutboxEmail[]> {
    if (ids.length === 0 || ids.length > LIST_LIMIT) {
      throw DomainError.badInput([{ path: 'ids', message: `must list 1 to ${LIST_LIMIT} emails` }]);
    }
    return this.db.transaction(async (em) => {
      const rows = new Map(
        (await em.findBy(OutboxEmail, { id: In([...new Set(ids)]) })).map((r) => [r.id, r]),
      );
      const wanted = new Set(
        (
          await em.findBy(AlertSubscription, {
            id: In([...new Set([...rows.values()].map((r) => r.subscriptionId))]),
            active: true,
            deletedAt: IsNull(),
          })
        ).map((s) => s.id),
      );
      const errors = new FieldErrors();
      ids.forEach((id, i) => {
        const row = rows.get(id);
        if (!row) errors.add(`ids.${i}`, `no alert email has id ${id}`);
        else if (!wanted.has(row.subscriptionId))
          errors.add(`ids.${i}`, 'its subscription was unsubscribed or deleted');
        else if (row.status !== OutboxStatus.FAILED)
          errors.add(`ids.${i}`, `is ${row.status}; only FAILED emails can be re-queued`);
      });
      errors.throwIfAny();
      const now = this.clock.now();
      const changes = {
        status: OutboxStatus.PENDING,
        nextAttemptAt: now,
        retryUntil: new Date(now.getTime() + 7 * 86_400_000),
        claimedUntil: null,
      };
      await em.update(OutboxEmail, { id: In([...rows.keys()]) }, changes);
      await audit(em, principal, now, {
        action: 'alerts.requeue',
        details: { ids: [...rows.keys()] },
      });
      return [...rows.values()].map((row) => Object.assign(row, changes));
    });
  }
}
