import { AlertDelivery } from './alerts/alert-delivery.entity';
import { AlertReminder } from './alerts/alert-reminder.entity';
import { AlertSubscription } from './alerts/alert-subscription.entity';
import { AppSetting } from './alerts/app-setting.entity';
import { OutboxEmail } from './alerts/outbox-email.entity';
import { AuditEvent } from './audit/audit-event.entity';
import { ApiKey } from './auth/api-key.entity';
import { AuthSetting } from './auth/auth-setting.entity';
import { ConsoleSession } from './auth/console-session.entity';
import { CalendarFeed } from './calendars/calendar-feed.entity';
import { Borough } from './boroughs/borough.entity';
import { Category } from './categories/category.entity';
import { Submission } from './submissions/submission.entity';
import { Product } from './suppliers/product.entity';
import { Supplier } from './suppliers/supplier.entity';
import { SupplierAlias } from './suppliers/supplier-alias.entity';
import { ItSystem } from './systems/it-system.entity';

export const ENTITIES = [
  Borough,
  Category,
  Supplier,
  SupplierAlias,
  Product,
  ItSystem,
  Submission,
  ApiKey,
  AlertSubscription,
  OutboxEmail,
  AlertDelivery,
  AlertReminder,
  AppSetting,
  AuditEvent,
  CalendarFeed,
  ConsoleSession,
  AuthSetting,
];
