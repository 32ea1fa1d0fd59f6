import { normaliseProductName, normaliseSupplierName } from './normalise-name';

describe(normaliseSupplierName.name, () => {
  it.each([
    ['Civica UK Ltd', 'civica'],
    ['CIVICA UK LIMITED', 'civica'],
    ['civica uk ltd.', 'civica'],
    ['Civica', 'civica'],
    ['Civica Group Holdings Ltd', 'civica'],
    ['NEC Software Solutions UK Limited', 'nec software solutions'],
    ['The Access Group', 'access'],
    ['Access', 'access'],
    ['Capita plc', 'capita'],
    ['Capita Business Services Ltd', 'capita business services'],
    ['Virgin Media O2 Business', 'virgin media o2 business'],
    ['Imperial Civil Enforcement Solutions', 'imperial civil enforcement solutions'],
    ['  Bytes   Software Services   Ltd ', 'bytes software services'],
    ['Sopra-Steria Ltd', 'sopra steria'],
    ['System C & Liquidlogic', 'system c and liquidlogic'],
    ['Société Générale', 'societe generale'],
    ['UK Power Networks', 'uk power networks'],
    ['UK Ltd', 'uk'],
  ])('folds %j to %j', (name, expected) => {
    expect(normaliseSupplierName(name)).toBe(expected);
  });

  it('keeps different companies apart', () => {
    expect(normaliseSupplierName('Capita plc')).not.toBe(
      normaliseSupplierName('Capita Business Services Ltd'),
    );
  });
});

describe(normaliseProductName.name, () => {
  it.each([
    ['Open Housing', 'open housing'],
    ['OPEN  HOUSING', 'open housing'],
    ['Oracle Fusion Cloud ERP', 'oracle fusion cloud erp'],
    ['LCS/LAS', 'lcs las'],
  ])('folds %j to %j', (name, expected) => {
    expect(normaliseProductName(name)).toBe(expected);
  });
});
