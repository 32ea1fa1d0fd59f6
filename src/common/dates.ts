export const LONDON = 'Europe/London';
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MIN_DATE = '1900-01-01';
export const MAX_DATE = '2199-12-31';

/**
 * A calendar date `YYYY-MM-DD` that exists: `2027-02-30` is refused rather than rolled over to
 * March, which is what `new Date()` and non-strict dayjs parsing would do.
 */
export function isLocalDate(value: unknown): value is string {
  if (typeof value !== 'string' || !LOCAL_DATE.test(value)) return false;
  // Contract dates live in a few centuries; outside them date arithmetic stops being plain
  // (dayjs reads year 0050 as 1950, and 9999-12-31 + 6 months has five digits).
  if (value < MIN_DATE || value > MAX_DATE) return false;
  // Checked by hand rather than by a strict dayjs parse: every date the API answers passes
  // through here, ten thousand on a large page.
  const day = dayNumber(value);
  const month = Math.floor(day / 100) % 100;
  const date = day % 100;
  return (
    month >= 1 && month <= 12 && date >= 1 && date <= daysInMonth(Math.floor(day / 10_000), month)
  );
}

const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The Europe/London calendar date at an instant: "today" for the register. Through one kept
 * `Intl.DateTimeFormat` rather than dayjs's time-zone plugin, which builds a formatter's worth of
 * work on every call (half a millisecond, on every cluster request).
 */
export function londonDate(instant: Date): string {
  let year = '';
  let month = '';
  let day = '';
  for (const part of LONDON_PARTS.formatToParts(instant)) {
    if (part.type === 'year') year = part.value.padStart(4, '0');
    else if (part.type === 'month') month = part.value;
    else if (part.type === 'day') day = part.value;
  }
  return `${year}-${month}-${day}`;
}

const DAY_MS = 86_400_000;

/**
 * The instant a Europe/London calendar date begins: at 00:00 UTC in winter, an hour earlier in
 * summer (two in the double summer time of the 1940s). The clocks change after midnight, so
 * every London day has one.
 */
export function londonMidnight(date: string): Date {
  const utc = utcMidnight(date);
  // The first whole hour on `date`, from the largest offset London has had.
  for (const hours of [2, 1]) {
    const candidate = new Date(utc - hours * 3_600_000);
    if (londonDate(candidate) === date) return candidate;
  }
  return new Date(utc);
}

/** Milliseconds from 1970 to midnight UTC starting a `YYYY-MM-DD` date. */
function utcMidnight(date: string): number {
  const day = dayNumber(date);
  return Date.UTC(Math.floor(day / 10_000), (Math.floor(day / 100) % 100) - 1, day % 100);
}

/**
 * Calendar arithmetic on `YYYY-MM-DD` strings, independent of the process time zone; by hand
 * rather than through dayjs, because every notice deadline in an answer is one of these.
 */
export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Month arithmetic as dayjs does it: 31 January + 1 month is the last day of February. */
export function addMonths(date: string, months: number): string {
  return formatDay(addMonthsToDay(dayNumber(date), months));
}

/**
 * `YYYY-MM-DD` as the integer YYYYMMDD, which orders as the string does: for computations over
 * tens of thousands of dates, where comparing, sorting and hashing numbers is cheaper.
 */
export function dayNumber(date: string): number {
  return (
    (date.charCodeAt(0) - 48) * 10_000_000 +
    (date.charCodeAt(1) - 48) * 1_000_000 +
    (date.charCodeAt(2) - 48) * 100_000 +
    (date.charCodeAt(3) - 48) * 10_000 +
    (date.charCodeAt(5) - 48) * 1_000 +
    (date.charCodeAt(6) - 48) * 100 +
    (date.charCodeAt(8) - 48) * 10 +
    (date.charCodeAt(9) - 48)
  );
}

/** A day number back to `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  const year = String(Math.floor(day / 10_000)).padStart(4, '0');
  const month = Math.floor(day / 100) % 100;
  const date = day % 100;
  return `${year}-${month < 10 ? '0' : ''}${month}-${date < 10 ? '0' : ''}${date}`;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * `addMonths` on day numbers, by the same rule (31 January + 1 month is the last day of
 * February) but without parsing, formatting or allocating: dayjs costs a few kilobytes a call.
 */
export function addMonthsToDay(day: number, months: number): number {
  const year = Math.floor(day / 10_000);
  const month = Math.floor(day / 100) % 100;
  const total = year * 12 + (month - 1) + months;
  const toYear = Math.floor(total / 12);
  const toMonth = total - toYear * 12 + 1;
  const toDay = Math.min(day % 100, daysInMonth(toYear, toMonth));
  return toYear * 10_000 + toMonth * 100 + toDay;
}

/** Whole days from one date to another, negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A date as people in the UK write it, "31 March 2027": from the digits alone, so neither the
 * machine's time zone nor its ICU data can shift or reword it.
 */
export function longDate(date: string): string {
  const day = dayNumber(date);
  return `${day % 100} ${MONTHS[(Math.floor(day / 100) % 100) - 1]} ${Math.floor(day / 10_000)}`;
}
