import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ClustersCoreModule } from '../clusters/clusters.module';
import { AppConfig } from '../config/config';
import { AlertRunService } from './alert-run.service';
import { AlertSubscriptionsResolver } from './alert-subscriptions.resolver';
import { AlertSubscriptionsService } from './alert-subscriptions.service';
import { AlertsResolver } from './alerts.resolver';
import { AlertsScheduler } from './alerts.scheduler';
import { FileMailer, Mailer, SmtpMailer } from './mailer';
import { OutboxSender } from './outbox-sender.service';
import { OutboxService } from './outbox.service';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeLinks } from './unsubscribe-links';

class MailerCloser implements OnApplicationShutdown {
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.mailer.close();
  }
}

export const mailerProvider = {
  provide: Mailer,
  inject: [AppConfig],
  useFactory: (config: AppConfig): Mailer =>
    config.SMTP_URL ? new SmtpMailer(config.SMTP_URL) : new FileMailer(),
};

/** The run and its delivery, without GraphQL: what the `npm run alerts` command needs. */
@Module({
  imports: [ClustersCoreModule],
  providers: [mailerProvider, MailerCloser, AlertRunService, OutboxSender, UnsubscribeLinks],
  exports: [AlertRunService, OutboxSender, UnsubscribeLinks, Mailer],
})
export class AlertRunModule {}

@Module({
  imports: [AlertRunModule],
  controllers: [UnsubscribeController],
  providers: [
    AlertSubscriptionsService,
    AlertSubscriptionsResolver,
    AlertsResolver,
    OutboxService,
    AlertsScheduler,
  ],
})
export class AlertsModule {}
