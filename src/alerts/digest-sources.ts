import { Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { AlertSubscriptionsRepository } from './alert-subscriptions.repository';
import { OutboxRepository } from './outbox.repository';
import { DigestInputs } from './plan-digests';
import { RegisterView } from './register-view';

/**
 * Reads what a run plans from: the active subscriptions and what each was already sent (the
 * alerts' own tables), then what the register says about the contracts they may be due for.
 */
@Injectable()
export class DigestSources {
  constructor(
    private readonly db: Database,
    private readonly subscriptions: AlertSubscriptionsRepository,
    private readonly outbox: OutboxRepository,
    private readonly register: RegisterView,
  ) {}

  async read(asOf: string): Promise<DigestInputs> {
    const { subscriptions, sent } = await this.db.read(async (em) => {
      const active = await this.subscriptions.active(em);
      const ids = active.map((s) => s.id);
      return { subscriptions: active, sent: await this.outbox.sentMilestones(em, ids, asOf) };
    });
    // No one to tell: the register need not be read.
    if (subscriptions.length === 0) {
      return { subscriptions, sent, contracts: [], boroughNames: new Map(), clusters: [] };
    }
    const maxLeadDays = Math.max(...subscriptions.flatMap((s) => s.leadDays));
    return { subscriptions, sent, ...(await this.register.read(asOf, maxLeadDays)) };
  }
}
