import { DateTimeScalar } from './date-time.scalar';
import { LocalDateScalar } from './local-date.scalar';

describe('Date scalar', () => {
  it.each(['2027-02-28', '2028-02-29', '2026-12-31', '1900-01-01', '2199-12-31'])(
    'accepts %s',
    (value) => {
      expect(LocalDateScalar.parseValue(value)).toBe(value);
    },
  );

  it.each([
    '9999-12-31',
    '0050-01-01',
    '1899-12-31',
    '2200-01-01',
    '2027-02-30',
    '2027-02-29',
    '2027-13-01',
    '2027-1-1',
    '27-01-01',
    '2027-01-01T00:00:00Z',
    '',
    20270101,
    null,
  ])('refuses %j', (value) => {
    expect(() => LocalDateScalar.parseValue(value)).toThrow(
      'Date must be a real calendar date written YYYY-MM-DD',
    );
  });
});

describe('DateTime scalar', () => {
  it.each([
    ['2027-03-01T09:00:00Z', '2027-03-01T09:00:00.000Z'],
    ['2027-03-01T09:00Z', '2027-03-01T09:00:00.000Z'],
    ['2027-07-01T10:00:00.5+01:00', '2027-07-01T09:00:00.500Z'],
  ])('reads %s as %s', (value, iso) => {
    expect(DateTimeScalar.parseValue(value).toISOString()).toBe(iso);
  });

  it.each([
    '1 March',
    '2027-02-30T00:00:00Z',
    '2027-03-01T09:00:00',
    '2027-03-01',
    '2027-03-01T24:00:00Z',
    1700000000000,
  ])('refuses %j', (value) => {
    expect(() => DateTimeScalar.parseValue(value)).toThrow('DateTime must be an ISO 8601 instant');
  });

  it('writes instants in UTC', () => {
    expect(DateTimeScalar.serialize(new Date('2027-07-01T10:00:00+01:00'))).toBe(
      '2027-07-01T09:00:00.000Z',
    );
  });
});
