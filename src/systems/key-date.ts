import { addDays } from '../common/dates';

/** The longest notice period an entry may have (DESIGN §2): a key date is at most this many days before the end. */
export const MAX_NOTICE_PERIOD_DAYS = 730;

/**
 * The key date of a contract (DESIGN §5): the last day to give notice when a notice period is
 * set, else the end date. A missed notice deadline can renew a contract automatically, so alerts
 * count down to it.
 */
export function keyDate(contractEnd: string, noticePeriodDays: number | null): string {
  return noticePeriodDays ? addDays(contractEnd, -noticePeriodDays) : contractEnd;
}
