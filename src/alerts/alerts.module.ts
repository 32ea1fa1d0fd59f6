import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { CategoriesModule } from '../categories/categories.module';
import { ClustersCoreModule } from '../clusters/clusters.module';
import { AppConfig } from '../config/config';
import { SuppliersModule } from '../suppliers/suppliers.module';
import { SystemsModule } from '../systems/systems.module';
import { AlertRunService } from './alert-run.service';
import { AlertSubscriptionsRepository } from './alert-subscriptions.repository';
import { AlertSubscriptionsResolver } from './alert-subscriptions.resolver';
import { AlertSubscriptionsService } from './alert-subscriptions.service';
import { AlertsResolver } from './alerts.resolver';
import { AlertsScheduler } from './alerts.scheduler';
import { AppSettingsRepository } from './app-settings.repository';
import { DigestQueue } from './digest-queue';
import { DigestSources } from './digest-sources';
import { FileMailer, Mailer, SmtpMailer } from './mailer';
import { OutboxSender } from './outbox-sender.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { RegisterNames } from './register-names';
import { RegisterView } from './register-view';
import { SubscriptionReferences } from './subscription-references';
import { UnsubscribeController } from './unsubscribe.controller';
import { UnsubscribeLinks } from './unsubscribe-links';

class MailerCloser implements OnApplicationShutdown {
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}

  async onApplicationShutdown(): Promise<void> {
    await this.mailer.close();
  }
}

const mailerProvider = {
  provide: Mailer,
  inject: [AppConfig],
  useFactory: (config: AppConfig): Mailer =>
    config.SMTP_URL ? new SmtpMailer(config.SMTP_URL) : new FileMailer(),
};

/** The run and its delivery, without GraphQL: what the `npm run alerts` command needs. */
@Module({
  imports: [BoroughsModule, CategoriesModule, SuppliersModule, SystemsModule, ClustersCoreModule],
  providers: [
    mailerProvider,
    MailerCloser,
    AlertSubscriptionsRepository,
    OutboxRepository,
    AppSettingsRepository,
    UnsubscribeLinks,
    RegisterNames,
    RegisterView,
    DigestSources,
    DigestQueue,
    OutboxSender,
    AlertRunService,
  ],
  exports: [
    AlertSubscriptionsRepository,
    OutboxRepository,
    UnsubscribeLinks,
    OutboxSender,
    AlertRunService,
  ],
})
export class AlertRunModule {}

@Module({
  imports: [AlertRunModule, BoroughsModule, CategoriesModule],
  controllers: [UnsubscribeController],
  providers: [
    SubscriptionReferences,
    AlertSubscriptionsService,
    AlertSubscriptionsResolver,
    AlertsResolver,
    OutboxService,
    AlertsScheduler,
  ],
})
export class AlertsModule {}
