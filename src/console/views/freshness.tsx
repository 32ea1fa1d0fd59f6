import { readableInstant } from './format';

/** When a list was last changed or confirmed, and whether that makes it stale (DESIGN §11). */
export function Freshness({
  lastConfirmedAt,
  stale,
}: {
  lastConfirmedAt: Date | null;
  stale: boolean;
}) {
  return (
    <>
      {lastConfirmedAt ? readableInstant(lastConfirmedAt) : 'Never'}{' '}
      <span class={`tag ${stale ? 'late' : 'created'}`}>{stale ? 'stale' : 'current'}</span>
    </>
  );
}
