import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { CronJob } from 'cron';
import { AppConfig } from '../config/config';
import { LONDON } from '../common/dates';
import { AlertRunService } from './alert-run.service';
import { OutboxSender } from './outbox-sender.service';

const SENDER_TICK_MS = 60_000;

/**
 * The daily alert run at ALERTS_CRON (Europe/London), and a sender that retries pending emails
 * every minute as their backoff allows. Safe on every instance at once (DESIGN §9).
 */
@Injectable()
export class AlertsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertsScheduler.name);
  private job: CronJob | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private sending = false;
  /** Work in progress, which shutdown waits for before the database closes. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly config: AppConfig,
    private readonly runs: AlertRunService,
    private readonly sender: OutboxSender,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.ALERTS_ENABLED) return;
    this.job = CronJob.from({
      cronTime: this.config.ALERTS_CRON,
      timeZone: LONDON,
      onTick: () => this.track(this.dailyRun()),
      start: true,
    });
    this.ticker = setInterval(() => void this.track(this.retryPending()), SENDER_TICK_MS);
    this.ticker.unref();
    this.logger.log(`Alert run scheduled at "${this.config.ALERTS_CRON}" (Europe/London)`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    void this.job?.stop();
    if (this.ticker) clearInterval(this.ticker);
    await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<void>): Promise<void> {
    this.inFlight.add(work);
    return work.finally(() => this.inFlight.delete(work));
  }

  private async dailyRun(): Promise<void> {
    try {
      await this.runs.run({});
    } catch (error) {
      this.logger.error(
        'Scheduled alert run failed',
        error instanceof Error ? error.stack : String(error),
      );
    }
  }

  private async retryPending(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      await this.sender.sendDue();
    } catch (error) {
      this.logger.error(
        'Sending pending alert emails failed',
        error instanceof Error ? error.stack : String(error),
      );
    } finally {
      this.sending = false;
    }
  }
}
