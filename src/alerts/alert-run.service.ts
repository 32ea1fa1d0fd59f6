import { Injectable, Logger } from '@nestjs/common';
import { Actor } from '../access/principal';
import { audit } from '../audit/audit.repository';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { Database } from '../database/database';
import { DigestQueue } from './digest-queue';
import { DigestSources } from './digest-sources';
import { AlertRun } from './models/alert-run.model';
import { OutboxSender } from './outbox-sender.service';
import { itemCount, planDigests } from './plan-digests';

/** The daily run's actor in the audit trail. */
const SCHEDULE = { keyId: null, label: 'Scheduled alert run' };

/**
 * The alert run (DESIGN §5): reads, plans each subscription's digest, queues each digest in a
 * transaction of its own, then sends. Re-running a day, or two instances running at once, queues
 * nothing twice.
 */
/** One email a run queued, or in a dry run would queue: to whom, about which borough, how many items. */
export interface PlannedEmail {
  to: string;
  /** The subscription's borough; null for every borough. */
  scopeName: string | null;
  items: number;
}

/** A run's counts (the GraphQL `AlertRun`) and the emails behind them, for the command's report. */
export type AlertRunReport = AlertRun & { emails: PlannedEmail[] };

@Injectable()
export class AlertRunService {
  private readonly logger = new Logger(AlertRunService.name);

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly sources: DigestSources,
    private readonly queue: DigestQueue,
    private readonly sender: OutboxSender,
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
    actor?: Actor;
  }): Promise<AlertRunReport> {
    const today = this.clock.today();
    const day = asOf ?? today;
    if (day > today && !dryRun) {
      throw DomainError.badInput([
        { path: 'asOf', message: `is after today (${today}): only a dry run may look ahead` },
      ]);
    }
    const started = Date.now();
    const inputs = await this.sources.read(day);
    const emails: PlannedEmail[] = [];
    const run: AlertRun = {
      asOf: day,
      dryRun,
      emailsQueued: 0,
      itemsQueued: 0,
      emailsSent: 0,
      emailsFailed: 0,
    };
    for (const plan of planDigests(inputs, day, today)) {
      const queued = dryRun
        ? itemCount(plan)
        : await this.db.transaction((em) => this.queue.add(em, plan, day, actor));
      if (queued > 0) {
        run.emailsQueued++;
        run.itemsQueued += queued;
        emails.push({ to: plan.to, scopeName: plan.scopeName, items: queued });
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
      `Alert run for ${day}${dryRun ? ' (dry run)' : ''}: ${inputs.subscriptions.length} subscriptions, ${run.emailsQueued} emails with ${run.itemsQueued} items queued, ${run.emailsSent} sent, ${run.emailsFailed} failed, ${Date.now() - started} ms`,
    );
    return { ...run, emails };
  }
}
