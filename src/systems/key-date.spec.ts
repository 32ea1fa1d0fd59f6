import { keyDate } from './key-date';

describe(keyDate.name, () => {
  it.each([
    ['2027-03-31', null, '2027-03-31'],
    ['2027-03-31', 0, '2027-03-31'],
    ['2027-03-31', 90, '2026-12-31'],
    ['2027-03-01', 1, '2027-02-28'],
    ['2028-03-01', 1, '2028-02-29'],
    ['2027-01-15', 30, '2026-12-16'],
    // Across the clocks going forward (28 March 2027) and back (31 October 2027): still whole days.
    ['2027-04-01', 5, '2027-03-27'],
    ['2027-11-02', 3, '2027-10-30'],
  ])('is %s less %s days notice: %s', (end, notice, expected) => {
    expect(keyDate(end, notice)).toBe(expected);
  });
});
