import { DomainError } from '../common/domain-error';
import { protectCell, unprotectCell } from './csv-cells';
import { readTopSystemsCsv } from './read-top-systems';

const CATEGORIES = [
  { code: 'housing-management', name: 'Housing management' },
  { code: 'erp', name: 'ERP (finance and HR)' },
];
const read = (text: string) => readTopSystemsCsv(text, CATEGORIES);

/** The file-level refusal `text` gets, as path: message. */
async function refusal(text: string): Promise<string[]> {
  try {
    await read(text);
  } catch (error) {
    return (error as DomainError).fieldErrors.map((e) => `${e.path}: ${e.message}`);
  }
  throw new Error('the file was read');
}

describe(readTopSystemsCsv.name, () => {
  it('reads an Excel "CSV UTF-8" file: BOM, CRLF, quoted commas and line breaks, £ amounts, UK dates, a category by name', async () => {
    const text =
      '\uFEFFRank,Name,Category,Supplier,Contract End,Annual Value GBP,total-value-gbp,Open to collaboration,Notes,hosting\r\n' +
      '1,"Housing, repairs and rents",Housing management,NEC Software Solutions UK Ltd,31/03/2027,"£450,000","£1,350,000.00",no,"Two lines:\r\nsecond",On premises\r\n' +
      '\r\n' +
      ',,,,,,,,,\r\n' +
      '2,ERP,erp,Oracle,2028-01-01,,,,,\r\n';
    const list = await read(text);
    expect(list.badCells).toEqual([]);
    expect(list.rows).toEqual([2, 5]);
    expect(list.headers.get('contractEnd')).toBe('Contract End');
    expect({ ...list.entries[0] }).toEqual({
      rank: 1,
      name: 'Housing, repairs and rents',
      categoryCode: 'housing-management',
      supplierName: 'NEC Software Solutions UK Ltd',
      contractEnd: '2027-03-31',
      annualValueGbp: 450000,
      totalValueGbp: 1350000,
      openToCollaboration: false,
      notes: 'Two lines:\r\nsecond',
      hosting: 'ON_PREMISES',
    });
    expect({ ...list.entries[1] }).toEqual({
      rank: 2,
      name: 'ERP',
      categoryCode: 'erp',
      supplierName: 'Oracle',
      contractEnd: '2028-01-01',
      annualValueGbp: null,
      totalValueGbp: null,
      openToCollaboration: true,
      notes: null,
      hosting: 'UNKNOWN',
    });
  });

  it('reads a UK date without leading zeros', async () => {
    const list = await read('rank,name,category,supplier,contract_end\n1,A,erp,S,1/4/2027\n');
    expect(list.entries[0].contractEnd).toBe('2027-04-01');
  });

  const HEADER =
    'rank,name,category,supplier,contract_end,contract_start,notice_period_days,annual_value_gbp,open_to_collaboration,hosting,renewal_decision';
  const GOOD = ['1', 'Housing', 'erp', 'NEC', '2027-03-31', '', '', '', '', '', ''];
  it.each([
    ['name', 1, '', 'must not be empty'],
    ['category', 2, 'Telepathy', 'is not a category code or name ("Telepathy")'],
    ['contract_end', 4, '31/02/2027', 'is not a real date (31/02/2027 is day/month/year)'],
    ['contract_end', 4, 'March 2027', 'must be a date written YYYY-MM-DD or DD/MM/YYYY'],
    ['contract_start', 5, '2027/03/01', 'must be a date written YYYY-MM-DD or DD/MM/YYYY'],
    ['annual_value_gbp', 7, 'about £5k', 'must be an amount in pounds'],
    ['open_to_collaboration', 8, 'maybe', 'must be yes or no'],
    ['hosting', 9, 'the cloud', 'must be one of ON_PREMISES'],
    ['renewal_decision', 10, 'maybe later', 'must be one of UNDECIDED, REPROCURE, EXTEND, RENEW'],
  ])('names the bad %s cell (%#)', async (column, index, value, message) => {
    const cells = [...GOOD];
    cells[index] = value;
    const list = await read(`${HEADER}\n${GOOD.join(',')}\n${cells.join(',')}\n`);
    expect(list.badCells).toHaveLength(1);
    expect(list.badCells[0].path).toBe(`csv.3.${column}`);
    expect(list.badCells[0].message).toContain(message);
  });

  it.each([
    ['', 'UNDECIDED'],
    ['Re-procure', 'REPROCURE'],
    ['extend', 'EXTEND'],
    ['DECOMMISSION', 'DECOMMISSION'],
  ])('reads the renewal decision %j as %s', async (cell, decision) => {
    const list = await read(
      `rank,name,category,supplier,contract_end,renewal_decision,decision_note\n1,A,erp,S,2027-01-01,${cell},Board 3 May\n`,
    );
    expect(list.badCells).toEqual([]);
    expect(list.entries[0]).toMatchObject({
      renewalDecision: decision,
      decisionNote: 'Board 3 May',
    });
  });

  it('names a bad cell by its header as the file writes it', async () => {
    const list = await read('Rank,Name,Category,Supplier,Contract End\n1,A,erp,S,soon\n');
    expect(list.badCells.map((e) => e.path)).toEqual(['csv.2.Contract End']);
  });

  it('counts rows as a spreadsheet shows them: a quoted line break stays in its row, blank rows count', async () => {
    const list = await read(
      'rank,name,category,supplier,contract_end,notes\n1,A,erp,S,2027-01-01,"a\nb\nc"\n\n2,B,erp,S,never,\n',
    );
    expect(list.badCells.map((e) => e.path)).toEqual(['csv.4.contract_end']);
  });

  it('passes numbers that are not whole on to the list rules, which name their range', async () => {
    const list = await read('rank,name,category,supplier,contract_end\nten,A,erp,S,2027-01-01\n');
    expect(list.badCells).toEqual([]);
    expect(list.entries[0].rank).toBeNaN();
  });

  it.each([
    ['', 'csv: is empty: it needs a header row, then one row per system'],
    ['\r\n\r\n', 'csv: is empty: it needs a header row, then one row per system'],
    [
      'rank,name,category,supplier,contract_end,colour\n',
      'csv: has an unknown column "colour"; the columns are rank, name, category',
    ],
    ['rank,name,category,supplier,contract_end,Name\n', 'csv: has the column name twice'],
    ['rank,name,supplier\n', 'csv: lacks the columns category, contract_end'],
    ['rank;name;category;supplier;contract_end\n', 'csv: is not separated by commas'],
    [
      'rank,name,category,supplier,contract_end\n1,"A,erp,S,2027-01-01\n',
      'csv: a quoted cell opened at line 2 is never closed',
    ],
    [
      'rank,name,category,supplier,contract_end\n1,Caf\uFFFD,erp,S,2027-01-01\n',
      'csv: is not UTF-8 text',
    ],
  ])('refuses a bad file at csv (%#)', async (text, message) => {
    const [first] = await refusal(text);
    expect(first.startsWith(message)).toBe(true);
  });

  it('refuses more than ten systems', async () => {
    const rows = Array.from({ length: 11 }, (_, i) => `${i + 1},S${i},erp,S,2027-01-01`);
    expect(await refusal(`rank,name,category,supplier,contract_end\n${rows.join('\n')}\n`)).toEqual(
      ['csv: has 11 systems; a list has at most 10'],
    );
  });

  it('refuses a value in a column without a header', async () => {
    const list = await read(
      'rank,name,category,supplier,contract_end\n1,A,erp,S,2027-01-01,stray\n',
    );
    expect(list.badCells).toEqual([
      { path: 'csv.2', message: 'has a value in column 6, which has no header' },
    ]);
  });

  it('reads back a cell protected against formulas as it was', async () => {
    const list = await read(
      `rank,name,category,supplier,contract_end\n1,${protectCell('=HYPERLINK("x")')
        .replace(/"/g, '""')
        .replace(/^(.*)$/, '"$1"')},erp,S,2027-01-01\n`,
    );
    expect(list.entries[0].name).toBe('=HYPERLINK("x")');
  });
});

describe(protectCell.name, () => {
  it.each(['=1+1', '+44 20', '-5', '@SUM(A1)', '\tx', '\rx'])(
    'puts a quote before %j, and unprotectCell takes it off',
    (cell) => {
      expect(protectCell(cell)).toBe(`'${cell}`);
      expect(unprotectCell(protectCell(cell))).toBe(cell);
    },
  );

  it.each(['Housing', "'quoted", '1000', ''])('leaves %j as it is both ways', (cell) => {
    expect(protectCell(cell)).toBe(cell);
    expect(unprotectCell(cell)).toBe(cell);
  });
});
