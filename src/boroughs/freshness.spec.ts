import fc from 'fast-check';
import { addDays, londonDate } from '../common/dates';
import { firstStaleDay, isStale, staleBefore } from './freshness';

describe('list freshness (DESIGN §11)', () => {
  it.each([
    // Confirmed on 26 November: 120 whole days later (26 March) it is still fresh; the next day not.
    ['2026-11-26T09:00:00Z', '2027-03-26', false],
    ['2026-11-26T09:00:00Z', '2027-03-27', true],
    // Just after midnight in summer is the next London day, though still the day before in UTC.
    ['2027-05-31T23:30:00Z', '2027-09-29', false],
    ['2027-05-31T23:30:00Z', '2027-09-30', true],
    ['2027-05-31T22:30:00Z', '2027-09-29', true],
  ])('a list confirmed at %s is stale on %s: %s', (at, today, stale) => {
    expect(isStale(new Date(at), today, 120)).toBe(stale);
    expect(today >= firstStaleDay(londonDate(new Date(at)), 120)).toBe(stale);
  });

  it('is stale when never confirmed', () => {
    expect(isStale(null, '2026-12-04', 120)).toBe(true);
  });

  it("draws the line for a query over every list where each list's own rule does: confirmed before staleBefore", () => {
    const instant = fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2035-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: -30, max: 800 }),
        fc.integer({ min: 1, max: 400 }),
        (confirmedAt, daysLater, staleAfterDays) => {
          const today = addDays(londonDate(confirmedAt), daysLater);
          expect(confirmedAt < staleBefore(today, staleAfterDays)).toBe(
            isStale(confirmedAt, today, staleAfterDays),
          );
        },
      ),
      { numRuns: 5000 },
    );
  });
});
