import { addDays, londonDate, londonMidnight } from '../common/dates';

/**
 * The first day on which a list last changed or confirmed on `confirmedOn` (London dates) is
 * stale (DESIGN §11): once `staleAfterDays` whole days have passed, it is older than that. The
 * one rule of staleness; the others below are written in its terms.
 */
export function firstStaleDay(confirmedOn: string, staleAfterDays: number): string {
  return addDays(confirmedOn, staleAfterDays + 1);
}

/** Is a list stale on the London day `today`: never confirmed, or from its first stale day. */
export function isStale(
  lastConfirmedAt: Date | null,
  today: string,
  staleAfterDays: number,
): boolean {
  return (
    lastConfirmedAt === null || today >= firstStaleDay(londonDate(lastConfirmedAt), staleAfterDays)
  );
}

/**
 * The instant before which a list's last change or confirmation makes it stale on `today`, for a
 * query over every list: the start of the London day `staleAfterDays` before `today`. A list
 * confirmed on day C is stale from C + staleAfterDays + 1, so on `today` exactly when C falls
 * before today − staleAfterDays.
 */
export function staleBefore(today: string, staleAfterDays: number): Date {
  return londonMidnight(addDays(today, -staleAfterDays));
}
