import { backoffMs } from './outbox-sender.service';

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
