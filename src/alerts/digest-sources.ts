import { Injectable } from '@nestjs/common';
import { addDays } from '../common/dates';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { AlertSubscriptionsRepository } from './alert-subscriptions.repository';
import { OutboxRepository } from './outbox.repository';
import { DigestInputs, UNDECIDED_LOOKBACK_DAYS } from './plan-digests';
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
    private readonly config: AppConfig,
  ) {}

  async read(asOf: string): Promise<DigestInputs> {
    const { subscriptions, sent, sentReminders } = await this.db.read(async (em) => {
      const active = await this.subscriptions.active(em);
      const ids = active.map((s) => s.id);
      return {
        subscriptions: active,
        // Passed key dates too, within the look-back: each is told once without a decision.
        sent: await this.outbox.sentMilestones(
          em,
          ids,
          addDays(asOf, -UNDECIDED_LOOKBACK_DAYS - 1),
        ),
        sentReminders: await this.outbox.sentReminders(em, ids),
      };
    });
    const staleAfterDays = this.config.STALE_AFTER_DAYS;
    // No one to tell: the register need not be read.
    if (subscriptions.length === 0) {
      return {
        subscriptions,
        sent,
        sentReminders,
        staleAfterDays,
        contracts: [],
        boroughNames: new Map(),
        clusters: [],
        lists: [],
      };
    }
    const maxLeadDays = Math.max(...subscriptions.flatMap((s) => s.leadDays));
    return {
      subscriptions,
      sent,
      sentReminders,
      staleAfterDays,
      ...(await this.register.read(asOf, maxLeadDays)),
    };
  }
}
