const DAY_MS = 86_400_000;

/**
 * Is a list stale (DESIGN §11): never confirmed, or last changed or confirmed more than
 * `staleAfterDays` days before `now`.
 */
export function isStale(lastConfirmedAt: Date | null, now: Date, staleAfterDays: number): boolean {
  return (
    lastConfirmedAt === null || now.getTime() - lastConfirmedAt.getTime() > staleAfterDays * DAY_MS
  );
}
