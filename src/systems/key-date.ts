import { addDays } from '../common/dates';

/**
 * The key date of a contract (DESIGN §5): the last day to give notice when a notice period is
 * set, else the end date. A missed notice deadline can renew a contract automatically, so alerts
 * count down to it.
 */
export function keyDate(contractEnd: string, noticePeriodDays: number | null): string {
  return noticePeriodDays ? addDays(contractEnd, -noticePeriodDays) : contractEnd;
}
