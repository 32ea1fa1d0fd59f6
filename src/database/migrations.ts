import { CreateRegister1764115200000 } from './migrations/1764115200000-CreateRegister';
import { AddAlerts1764201600000 } from './migrations/1764201600000-AddAlerts';
import { AddAuditEvents1764288000000 } from './migrations/1764288000000-AddAuditEvents';
import { AddCurrentSystemsByEndIndex1764374400000 } from './migrations/1764374400000-AddCurrentSystemsByEndIndex';
import { AddOutboxClaimIndex1764460800000 } from './migrations/1764460800000-AddOutboxClaimIndex';
import { AddCalendarFeeds1764720000000 } from './migrations/1764720000000-AddCalendarFeeds';
import { AddBoroughNameIndex1764806400000 } from './migrations/1764806400000-AddBoroughNameIndex';
import { AddConsoleSessions1764892800000 } from './migrations/1764892800000-AddConsoleSessions';
import { AddRenewalDecisions1764979200000 } from './migrations/1764979200000-AddRenewalDecisions';
import { AddListReminders1765065600000 } from './migrations/1765065600000-AddListReminders';

/** The migration history, oldest first. Each runs on both SQLite and PostgreSQL. */
export const MIGRATIONS = [
  CreateRegister1764115200000,
  AddAlerts1764201600000,
  AddAuditEvents1764288000000,
  AddCurrentSystemsByEndIndex1764374400000,
  AddOutboxClaimIndex1764460800000,
  AddCalendarFeeds1764720000000,
  AddBoroughNameIndex1764806400000,
  AddConsoleSessions1764892800000,
  AddRenewalDecisions1764979200000,
  AddListReminders1765065600000,
];
