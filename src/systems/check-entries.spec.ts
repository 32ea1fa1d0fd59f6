import { FieldErrors } from '../common/domain-error';
import { checkList, tidyEntry } from './check-entries';
import { ItSystemInput } from './dto/it-system.input';

const CODES = new Set(['erp', 'housing-management']);

const entry = (rank: number, overrides: Partial<ItSystemInput> = {}): ItSystemInput =>
  tidyEntry({
    rank,
    name: `System ${rank}`,
    categoryCode: 'erp',
    supplierName: 'SAP UK Ltd',
    contractEnd: '2027-06-30',
    ...overrides,
  });

const check = (entries: ItSystemInput[]) => {
  const errors = new FieldErrors();
  checkList(entries, CODES, errors);
  return [...errors.list];
};

describe(checkList.name, () => {
  it('accepts a valid list of ten', () => {
    expect(check(Array.from({ length: 10 }, (_, i) => entry(i + 1)))).toEqual([]);
  });

  it('rejects a list with two entries at rank 3', () => {
    expect(check([entry(3), entry(1), entry(3)])).toEqual([
      { path: 'systems.2.rank', message: 'repeats rank 3 of systems.0' },
    ]);
  });

  it('rejects two entries with one contract reference, ignoring case and spaces around it', () => {
    expect(
      check([entry(1, { contractReference: 'CMD-1' }), entry(2, { contractReference: ' cmd-1 ' })]),
    ).toEqual([
      {
        path: 'systems.1.contractReference',
        message: 'repeats the contract reference of systems.0',
      },
    ]);
  });

  it.each([
    [
      { maxExtentDate: '2027-06-29' },
      'systems.0.maxExtentDate',
      'must be on or after contractEnd (2027-06-30)',
    ],
    [
      { contractStart: '2027-07-01' },
      'systems.0.contractStart',
      'must be on or before contractEnd (2027-06-30)',
    ],
    [
      { categoryCode: 'toasters' },
      'systems.0.categoryCode',
      'is not a known category code ("toasters"); see the categories query',
    ],
    [
      { contractEnd: '2027-02-29' },
      'systems.0.contractEnd',
      'must be a real date written YYYY-MM-DD, from 1900-01-01 to 2199-12-31',
    ],
    [
      { noticePeriodDays: -1 },
      'systems.0.noticePeriodDays',
      'must be a whole number of days from 0 to 730',
    ],
    [{ annualValueGbp: 1.5 }, 'systems.0.annualValueGbp', 'must be whole pounds, 0 or more'],
    [{ notes: 'x'.repeat(2001) }, 'systems.0.notes', 'must be at most 2000 characters'],
    [
      { productManufacturerName: 'Microsoft' },
      'systems.0.productManufacturerName',
      'needs a productName',
    ],
    [
      { supplierCompaniesHouseNumber: 'S C 12345' },
      'systems.0.supplierCompaniesHouseNumber',
      'must be a Companies House number: 8 digits, or 2 letters and 6 digits (e.g. SC123456)',
    ],
  ])('rejects %j', (change, path, message) => {
    expect(check([entry(1, change)])).toEqual([{ path, message }]);
  });

  it('refuses an open-ended 9999-12-31 extension date', () => {
    expect(check([entry(1, { maxExtentDate: '9999-12-31' })])).toEqual([
      {
        path: 'systems.0.maxExtentDate',
        message: 'must be a real date written YYYY-MM-DD, from 1900-01-01 to 2199-12-31',
      },
    ]);
  });

  it('does not compare dates when one of them is itself invalid', () => {
    expect(check([entry(1, { contractEnd: 'soon', maxExtentDate: '2020-01-01' })])).toEqual([
      {
        path: 'systems.0.contractEnd',
        message: 'must be a real date written YYYY-MM-DD, from 1900-01-01 to 2199-12-31',
      },
    ]);
  });

  it('rejects an empty list and a list of eleven', () => {
    expect(check([])).toEqual([{ path: 'systems', message: 'must have at least one entry' }]);
    const eleven = Array.from({ length: 11 }, (_, i) =>
      entry((i % 10) + 1, { contractReference: `R${i}` }),
    );
    expect(check(eleven)[0]).toEqual({
      path: 'systems',
      message: 'must have at most 10 entries (got 11)',
    });
  });
});

describe(tidyEntry.name, () => {
  it('trims text and normalises a Companies House number', () => {
    const tidy = tidyEntry({
      ...entry(1),
      name: '  ERP ',
      supplierCompaniesHouseNumber: 'sc 123456',
      contractReference: '  ',
    });
    expect(tidy.name).toBe('ERP');
    expect(tidy.supplierCompaniesHouseNumber).toBe('SC123456');
    expect(tidy.contractReference).toBeNull();
  });
});
