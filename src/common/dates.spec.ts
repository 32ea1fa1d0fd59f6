import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import fc from 'fast-check';
import {
  addDays,
  addMonths,
  addMonthsToDay,
  dayNumber,
  daysBetween,
  formatDay,
  longDate,
  isLocalDate,
  LONDON,
  londonDate,
  londonMidnight,
  MAX_DATE,
  MIN_DATE,
} from './dates';

// The reference the hand-written calendar arithmetic is checked against.
dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

const dateArb = fc
  .date({
    min: new Date(`${MIN_DATE}T00:00:00Z`),
    max: new Date(`${MAX_DATE}T00:00:00Z`),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

describe(dayNumber.name, () => {
  it('reads YYYY-MM-DD as the integer YYYYMMDD', () => {
    expect(dayNumber('2027-01-31')).toBe(20270131);
    expect(dayNumber('1900-01-01')).toBe(19000101);
  });

  it('orders dates as their strings do', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        expect(Math.sign(dayNumber(a) - dayNumber(b))).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });
});

describe(addMonthsToDay.name, () => {
  it.each([
    ['2027-01-31', 1, 20270228],
    ['2028-01-31', 1, 20280229],
    ['2028-02-29', 12, 20290228],
    ['2000-02-29', -12, 19990228],
    ['1900-03-31', -1, 19000228],
    ['2027-12-15', 1, 20280115],
    ['2027-01-15', -1, 20261215],
    ['2027-05-31', -60, 20220531],
  ])('%s %+d months is %d', (date, months, expected) => {
    expect(addMonthsToDay(dayNumber(date), months)).toBe(expected);
  });

  it('agrees with dayjs on every date the register accepts', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -120, max: 120 }), (date, months) => {
        const expected = dayjs.utc(date).add(months, 'month').format('YYYY-MM-DD');
        expect(addMonthsToDay(dayNumber(date), months)).toBe(dayNumber(expected));
        expect(addMonths(date, months)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('addDays and daysBetween', () => {
  it.each([
    ['2027-02-28', 1, '2027-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-03-01', -1, '2027-02-28'],
    ['2027-12-31', 1, '2028-01-01'],
    ['2027-06-30', -365, '2026-06-30'],
    ['1900-01-01', -1, '1899-12-31'],
    // Across the clocks changing: calendar days, whatever the process time zone.
    ['2027-03-27', 2, '2027-03-29'],
    ['2027-10-30', 2, '2027-11-01'],
  ])('%s %+d days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(days);
  });

  it('agree with dayjs on every date the register accepts', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -3000, max: 3000 }), dateArb, (date, days, other) => {
        expect(addDays(date, days)).toBe(dayjs.utc(date).add(days, 'day').format('YYYY-MM-DD'));
        expect(daysBetween(date, other)).toBe(dayjs.utc(other).diff(dayjs.utc(date), 'day'));
      }),
      { numRuns: 2000 },
    );
  });

  it('formats a day number back to its date', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        expect(formatDay(dayNumber(date))).toBe(date);
      }),
    );
  });
});

describe(isLocalDate.name, () => {
  it.each([
    ['2027-02-28', true],
    ['2028-02-29', true],
    ['2000-02-29', true],
    ['1900-01-01', true],
    ['2199-12-31', true],
    ['2027-02-29', false],
    ['1900-02-29', false],
    ['2100-02-29', false],
    ['2027-04-31', false],
    ['2027-13-01', false],
    ['2027-00-10', false],
    ['2027-01-00', false],
    ['1899-12-31', false],
    ['2200-01-01', false],
    ['2027-1-01', false],
    ['2027-01-01T00:00', false],
    [' 2027-01-01', false],
    [20270101, false],
    [null, false],
  ])('%p is %p', (value, expected) => {
    expect(isLocalDate(value)).toBe(expected);
  });

  it('accepts every calendar date in the range', () => {
    fc.assert(fc.property(dateArb, (date) => expect(isLocalDate(date)).toBe(true)));
  });

  it('accepts exactly what a strict calendar parse accepts', () => {
    const digits = (n: number) =>
      fc
        .array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n })
        .map((d) => d.join(''));
    const shaped = fc
      .tuple(fc.constantFrom('19', '20', '21'), digits(2), digits(2), digits(2))
      .map(([c, y, m, d]) => `${c}${y}-${m}-${d}`);
    fc.assert(
      fc.property(shaped, (value) => {
        const strict = dayjs.utc(value, 'YYYY-MM-DD', true);
        const calendar = strict.isValid() && strict.format('YYYY-MM-DD') === value;
        expect(isLocalDate(value)).toBe(calendar && value >= MIN_DATE && value <= MAX_DATE);
      }),
      { numRuns: 5000 },
    );
  });
});

describe(londonDate.name, () => {
  it.each([
    // Winter: London is on UTC.
    ['2027-01-14T23:59:59.999Z', '2027-01-14'],
    ['2027-01-15T00:00:00.000Z', '2027-01-15'],
    // Summer: London is an hour ahead, so late UTC evenings are already tomorrow.
    ['2027-06-30T22:59:59.999Z', '2027-06-30'],
    ['2027-06-30T23:00:00.000Z', '2027-07-01'],
    // Either side of the clocks going forward (28 March 2027, 01:00 UTC) and back (31 October).
    ['2027-03-28T00:30:00.000Z', '2027-03-28'],
    ['2027-03-28T23:30:00.000Z', '2027-03-29'],
    ['2027-10-30T23:30:00.000Z', '2027-10-31'],
    ['2027-10-31T23:30:00.000Z', '2027-10-31'],
    ['2027-12-31T23:59:59.999Z', '2027-12-31'],
  ])('%s is %s in London', (instant, expected) => {
    expect(londonDate(new Date(instant))).toBe(expected);
  });

  it('agrees with dayjs in the London time zone at any instant', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date(`${MIN_DATE}T00:00:00Z`),
          max: new Date(`${MAX_DATE}T23:59:59Z`),
          noInvalidDate: true,
        }),
        (instant) => {
          expect(londonDate(instant)).toBe(dayjs(instant).tz(LONDON).format('YYYY-MM-DD'));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe(londonMidnight.name, () => {
  it.each([
    ['2027-01-15', '2027-01-15T00:00:00.000Z'],
    ['2027-06-30', '2027-06-29T23:00:00.000Z'],
    // The days the clocks go forward and back begin on the offset of the night before.
    ['2027-03-28', '2027-03-28T00:00:00.000Z'],
    ['2027-03-29', '2027-03-28T23:00:00.000Z'],
    ['2027-10-31', '2027-10-30T23:00:00.000Z'],
    ['2027-11-01', '2027-11-01T00:00:00.000Z'],
  ])('%s begins at %s', (date, instant) => {
    expect(londonMidnight(date).toISOString()).toBe(instant);
  });

  it('is the first instant of the date in London, for any date', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const midnight = londonMidnight(date);
        expect(londonDate(midnight)).toBe(date);
        expect(londonDate(new Date(midnight.getTime() - 1))).toBe(addDays(date, -1));
        expect(midnight.getTime()).toBe(dayjs.tz(date, LONDON).valueOf());
      }),
      { numRuns: 2000 },
    );
  });
});

describe(longDate.name, () => {
  it.each([
    ['2027-03-31', '31 March 2027'],
    ['2027-01-01', '1 January 2027'],
    ['2028-02-29', '29 February 2028'],
    ['1900-12-09', '9 December 1900'],
  ])('writes %s as %s', (date, written) => {
    expect(longDate(date)).toBe(written);
  });
});
