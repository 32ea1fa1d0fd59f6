import { backoffMs, retryUntil } from './outbox-sender.service';

describe(backoffMs.name, () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [6, 1_920_000],
    [7, 3_600_000],
    [40, 3_600_000],
  ])('waits after %i failures: %i ms, doubling up to an hour', (attempts, ms) => {
    expect(backoffMs(attempts)).toBe(ms);
  });
});

describe(retryUntil.name, () => {
  it('keeps trying for seven days from queueing, to the millisecond', () => {
    expect(retryUntil(new Date('2026-12-10T07:00:00.123Z'))).toEqual(
      new Date('2026-12-17T07:00:00.123Z'),
    );
  });

  it('counts seven times 24 hours across the clocks going back', () => {
    expect(retryUntil(new Date('2027-10-28T12:00:00Z'))).toEqual(new Date('2027-11-04T12:00:00Z'));
  });
});
