const DAY_MS = 86_400_000;

/** The instant before which a list last changed or confirmed is stale at `now`. */
export function staleBefore(now: Date, staleAfterDays: number): Date {
  return new Date(now.getTime() - staleAfterDays * DAY_MS);
}

/**
 * Is a list stale (DESIGN §11): never confirmed, or last changed or confirmed more than
 * `staleAfterDays` days before `now`.
 */
export function isStale(lastConfirmedAt: Date | null, now: Date, staleAfterDays: number): boolean {
  return lastConfirmedAt === null || lastConfirmedAt < staleBefore(now, staleAfterDays);
}
