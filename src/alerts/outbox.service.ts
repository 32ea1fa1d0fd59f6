import { Injectable } from '@nestjs/common';
import { audit } from '../audit/audit.repository';
import { Principal } from '../access/principal';
import { Clock } from '../common/clock';
import { FieldErrors } from '../common/domain-error';
import { checkInput } from '../common/validation';
import { OUTBOX_PAGE, RequeueArgs } from './dto/requeue.args';
import { Database } from '../database/database';
import { AlertSubscriptionsRepository } from './alert-subscriptions.repository';
import { OutboxEmail, OutboxStatus } from './outbox-email.entity';
import { retryUntil } from './outbox-sender.service';
import { OutboxRepository } from './outbox.repository';

/** What admins see and do with the outbox. */
@Injectable()
export class OutboxService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly outbox: OutboxRepository,
    private readonly subscriptions: AlertSubscriptionsRepository,
  ) {}

  list(status?: OutboxStatus | null): Promise<OutboxEmail[]> {
    return this.db.read((em) => this.outbox.list(em, status, OUTBOX_PAGE));
  }

  async requeue(principal: Principal, ids: string[]): Promise<OutboxEmail[]> {
    const checked = new FieldErrors();
    checkInput(RequeueArgs, { ids }, '', checked);
    checked.throwIfAny();
    return this.db.transaction(async (em) => {
      const rows = new Map((await this.outbox.byIds(em, ids)).map((r) => [r.id, r]));
      const wanted = await this.subscriptions.activeIds(
        em,
        [...rows.values()].map((r) => r.subscriptionId),
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
      const changes = await this.outbox.requeue(em, [...rows.keys()], now, retryUntil(now));
      await audit(em, principal, now, {
        action: 'alerts.requeue',
        details: { ids: [...rows.keys()] },
      });
      return [...rows.values()].map((row) => Object.assign(row, changes));
    });
  }
}
