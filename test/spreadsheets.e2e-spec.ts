import { parse } from 'csv-parse/sync';
import { unprotectCell } from '../src/spreadsheets/csv-cells';
import { CAMDEN, CURRENT, HACKNEY } from './helpers/lists';
import { codes, createTestApp, TestApp } from './helpers/test-app';

const IMPORT = `
  mutation($gssCode: String!, $csv: String!, $expectedVersion: Int, $dryRun: Boolean) {
    importTopSystemsCsv(gssCode: $gssCode, csv: $csv, expectedVersion: $expectedVersion, dryRun: $dryRun) {
      dryRun version created updated unchanged retired
      systems { id rank name categoryCode supplierName productName contractEnd totalValueGbp openToCollaboration notes }
      changes { change systemId rank name row columns }
    }
  }`;
const HISTORY = `query($g: String!) { submissions(gssCode: $g) { version action } }`;
const AUDIT = `query { auditEvents(limit: 500) { action gssCode } }`;

const BOM = '\uFEFF';
type Row = Record<string, string>;

/** A CSV answer as a spreadsheet would read it: rows keyed by header, BOM checked and dropped. */
function rowsOf(body: string): Row[] {
  expect(body.startsWith(BOM)).toBe(true);
  return parse<Row>(body, { bom: true, columns: true });
}

/** Rows' cells as the register reads them back: without the quote that protects a formula. */
const readBack = (rows: Row[]): Row[] =>
  rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, unprotectCell(v)])));

describe('Spreadsheets in and out (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const download = (path: string, key: string | null = 'demo-admin') => {
    const req = t
      .http()
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    return key ? req.set('authorization', `Bearer ${key}`) : req;
  };
  const importCsv = (variables: Record<string, unknown>, key = 'demo-cmd') =>
    t.gql(IMPORT, { gssCode: CAMDEN, ...variables }, key);
  const state = async (gssCode = CAMDEN) => ({
    borough: (await t.gql(CURRENT, { gssCode })).data!.borough,
    history: (await t.gql(HISTORY, { g: gssCode })).data!.submissions,
    audit: (await t.gql(AUDIT)).data!.auditEvents.length,
  });

  it('serves the template without a key: the header row alone, with a BOM', async () => {
    const res = await download('/templates/top-systems.csv', null);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="top-systems.csv"');
    expect(res.body).toBe(
      `${BOM}rank,name,category,supplier,supplier_companies_house_number,product,product_manufacturer,contract_reference,contract_start,contract_end,max_extent_date,notice_period_days,annual_value_gbp,total_value_gbp,hosting,route_to_market,open_to_collaboration,renewal_decision,notes,decision_note\r\n`,
    );
  });

  it("exports a borough's list in the import format, and importing it unchanged keeps every id", async () => {
    const before = await state();
    const res = await download(`/exports/${CAMDEN}/systems.csv`, 'demo-cmd');
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="camden-top-systems.csv"',
    );
    const rows = rowsOf(res.body);
    expect(rows.map((r) => [r.rank, r.name, r.contract_end])).toEqual(
      before.borough.systems.map((s: any) => [String(s.rank), s.name, s.contractEnd]),
    );

    const imported = await importCsv({ csv: res.body, expectedVersion: before.borough.version });
    expect(imported.errors).toBeUndefined();
    const result = imported.data!.importTopSystemsCsv;
    expect(result).toMatchObject({
      dryRun: false,
      version: before.borough.version + 1,
      created: 0,
      updated: 0,
      unchanged: 10,
      retired: 0,
    });
    expect(result.changes.map((c: any) => [c.change, c.systemId, c.row])).toEqual(
      before.borough.systems.map((s: any, i: number) => ['UNCHANGED', s.id, i + 2]),
    );
    const after = await state();
    expect(after.borough.systems).toEqual(before.borough.systems);
    expect(after.history[0]).toEqual({ version: before.borough.version + 1, action: 'import' });
  });

  const LIST =
    `${BOM}Rank,Name,Category,Supplier,Product,Contract End,Total value GBP,Open to collaboration,Notes\r\n` +
    '1,"Housing, repairs and rents",Housing management,NEC Software Solutions UK Ltd,NEC Housing,30/06/2028,"£1,350,000",no,"Line one\r\nline two"\r\n' +
    '\r\n' +
    '2,ERP,erp,Oracle Corporation UK Ltd,,2028-03-31,,,\r\n';

  it('dry-runs an Excel-style file: says what would change and writes nothing, not even an audit event', async () => {
    const before = await state();
    const res = await importCsv({ csv: LIST, dryRun: true });
    expect(res.errors).toBeUndefined();
    const result = res.data!.importTopSystemsCsv;
    expect(result).toMatchObject({ dryRun: true, version: null, created: 2, retired: 10 });
    expect(result.systems.map((s: any) => ({ ...s, id: undefined }))).toEqual([
      {
        id: undefined,
        rank: 1,
        name: 'Housing, repairs and rents',
        categoryCode: 'housing-management',
        supplierName: 'NEC Software Solutions UK Ltd',
        productName: 'NEC Housing',
        contractEnd: '2028-06-30',
        totalValueGbp: 1350000,
        openToCollaboration: false,
        notes: 'Line one\r\nline two',
      },
      {
        id: undefined,
        rank: 2,
        name: 'ERP',
        categoryCode: 'erp',
        supplierName: 'Oracle Corporation UK Ltd',
        productName: null,
        contractEnd: '2028-03-31',
        totalValueGbp: null,
        openToCollaboration: true,
        notes: null,
      },
    ]);
    expect(
      result.changes.filter((c: any) => c.change === 'CREATED').map((c: any) => c.row),
    ).toEqual([2, 4]);
    expect(
      result.changes.filter((c: any) => c.change === 'RETIRED').map((c: any) => c.systemId),
    ).toEqual(before.borough.systems.map((s: any) => s.id));
    expect(await state()).toEqual(before);
  });

  it('imports it as the new list, and a second import of a changed cell updates that entry only', async () => {
    const first = await importCsv({ csv: LIST });
    expect(first.errors).toBeUndefined();
    const ids = first.data!.importTopSystemsCsv.systems.map((s: any) => s.id);
    const changed = LIST.replace('2028-03-31', '31/12/2028');
    const second = await importCsv({ csv: changed, dryRun: false });
    const result = second.data!.importTopSystemsCsv;
    expect(result.changes).toEqual([
      {
        change: 'UNCHANGED',
        systemId: ids[0],
        rank: 1,
        name: 'Housing, repairs and rents',
        row: 2,
        columns: [],
      },
      {
        change: 'UPDATED',
        systemId: ids[1],
        rank: 2,
        name: 'ERP',
        row: 4,
        columns: ['contract_end'],
      },
    ]);
  });

  it('refuses a stale expectedVersion with CONFLICT and writes nothing', async () => {
    const before = await state();
    const res = await importCsv({ csv: LIST, expectedVersion: before.borough.version - 1 });
    expect(codes(res)).toEqual(['CONFLICT']);
    expect(await state()).toEqual(before);
  });

  it('names every bad cell, and what the list rules find, at csv.<row>.<column>, and writes nothing', async () => {
    const before = await state();
    const csv =
      'rank,name,category,supplier,contract_start,contract_end,supplier_companies_house_number\n' +
      '1,Housing,housing-management,NEC,2027-01-01,31/02/2027,\n' +
      '1,ERP,erp,Oracle,2029-01-01,2028-01-01,123\n' +
      '12,CRM,Telepathy,,,2028-01-01,\n';
    const res = await importCsv({ csv });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      { path: 'csv.2.contract_end', message: 'is not a real date (31/02/2027 is day/month/year)' },
      {
        path: 'csv.4.category',
        message: expect.stringContaining('is not a category code or name'),
      },
      { path: 'csv.4.supplier', message: 'must not be empty' },
      {
        path: 'csv.3.supplier_companies_house_number',
        message: expect.stringContaining('must be a Companies House number'),
      },
      { path: 'csv.3.contract_start', message: expect.stringContaining('contractEnd') },
      { path: 'csv.4.rank', message: 'must be a whole number from 1 to 10' },
      { path: 'csv.3.rank', message: 'repeats rank 1 of row 2' },
    ]);
    expect(await state()).toEqual(before);
  });

  it('names a supplier problem found while writing in the spreadsheet terms too', async () => {
    const header = 'rank,name,category,supplier,supplier_companies_house_number,contract_end\n';
    const known = await importCsv({
      csv:
        header +
        '1,Housing,housing-management,Alpha Systems Ltd,01234567,2028-01-01\n' +
        '2,ERP,erp,Beta Software Ltd,07654321,2028-01-01\n',
    });
    expect(known.errors).toBeUndefined();
    const csv =
      header +
      '1,Housing,housing-management,Alpha Systems Ltd,01234567,2028-01-01\n' +
      '2,ERP,erp,Beta Software Ltd,99999999,2028-01-01\n';
    const res = await importCsv({ csv });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      {
        path: 'csv.3.supplier_companies_house_number',
        message: expect.stringContaining('Beta Software Ltd'),
      },
    ]);
  });

  it('refuses a file-level problem at csv', async () => {
    const res = await importCsv({ csv: 'rank,name,colour\n1,A,red\n' });
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      { path: 'csv', message: expect.stringContaining('unknown column "colour"') },
      { path: 'csv', message: 'lacks the columns category, supplier, contract_end' },
    ]);
  });

  it.each([
    ['a coordinator', 'demo-coordinator', 'FORBIDDEN'],
    ["another borough's lead", 'demo-hck', 'FORBIDDEN'],
    ['no key', null, 'UNAUTHENTICATED'],
  ])('refuses an import by %s', async (_who, key, code) => {
    const res = await t.gql(IMPORT, { gssCode: CAMDEN, csv: LIST }, key);
    expect(codes(res)).toEqual([code]);
  });

  it('lets an admin import any borough', async () => {
    const res = await importCsv({ gssCode: HACKNEY, csv: LIST, dryRun: true }, 'demo-admin');
    expect(res.data!.importTopSystemsCsv.dryRun).toBe(true);
  });

  it('protects a formula-looking name in every export, and imports it back as typed', async () => {
    const csv =
      'rank,name,category,supplier,contract_end\n1,"=HYPERLINK(""http://x"")",erp,@Evil Ltd,2028-01-01\n';
    expect((await importCsv({ csv })).errors).toBeUndefined();
    const list = await download(`/exports/${CAMDEN}/systems.csv`, 'demo-cmd');
    expect(list.body).toContain(`'=HYPERLINK(""http://x"")",erp,'@Evil Ltd,`);
    const [row] = rowsOf(list.body);
    expect(row.name).toBe(`'=HYPERLINK("http://x")`);
    const all = rowsOf((await download(`/exports/systems.csv?borough=${CAMDEN}`)).body);
    expect(all[0].supplier).toBe("'@Evil Ltd");
    const back = await importCsv({ csv: list.body });
    expect(back.data!.importTopSystemsCsv.unchanged).toBe(1);
    expect(back.data!.importTopSystemsCsv.systems[0].name).toBe('=HYPERLINK("http://x")');
  });

  const SYSTEMS = `query($filter: SystemFilter) {
    systems(filter: $filter, limit: 1000) {
      id rank name contractEnd noticeDeadline maxExtentDate annualValueGbp
      borough { name gssCode } category { code } supplier { name } product { name }
    } }`;
  const asRow = (s: any) => ({
    system_id: s.id,
    borough: s.borough.name,
    borough_gss_code: s.borough.gssCode,
    rank: String(s.rank),
    name: s.name,
    category: s.category.code,
    supplier: s.supplier.name,
    product: s.product?.name ?? '',
    contract_end: s.contractEnd,
    notice_deadline: s.noticeDeadline,
    max_extent_date: s.maxExtentDate ?? '',
    annual_value_gbp: s.annualValueGbp === null ? '' : String(s.annualValueGbp),
  });
  const byBoroughAndRank = (a: any, b: any) =>
    a.borough < b.borough ? -1 : a.borough > b.borough ? 1 : Number(a.rank) - Number(b.rank);

  it.each([
    ['every system', '', {}],
    [
      'the systems filter',
      `?borough=${CAMDEN},${HACKNEY}&category=housing-management&category=erp&endingFrom=2027-01-01&endingTo=2029-12-31`,
      {
        boroughGssCodes: [CAMDEN, HACKNEY],
        categoryCodes: ['housing-management', 'erp'],
        endingFrom: '2027-01-01',
        endingTo: '2029-12-31',
      },
    ],
  ])('exports %s as the systems query answers it, row for row', async (_what, query, filter) => {
    const res = await download(`/exports/systems.csv${query}`, 'demo-coordinator');
    expect(res.status).toBe(200);
    const rows = readBack(rowsOf(res.body));
    const answer = (await t.gql(SYSTEMS, { filter })).data!.systems.map(asRow);
    expect(answer.length).toBeGreaterThan(0);
    const picked = rows.map((r) =>
      Object.fromEntries(Object.keys(answer[0]).map((k) => [k, r[k]])),
    );
    expect(picked).toEqual([...answer].sort(byBoroughAndRank));
  });

  it("gives a borough lead its own borough's systems, and refuses another's", async () => {
    const own = rowsOf((await download('/exports/systems.csv', 'demo-cmd')).body);
    expect(new Set(own.map((r) => r.borough_gss_code))).toEqual(new Set([CAMDEN]));
    const other = await download(`/exports/systems.csv?borough=${HACKNEY}`, 'demo-cmd');
    expect(other.status).toBe(403);
    expect(JSON.parse(other.body).errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await download(`/exports/${HACKNEY}/systems.csv`, 'demo-cmd')).status).toBe(403);
  });

  const CLUSTERS = `query($input: ClusterInput) {
    expiryClusters(input: $input) {
      id key actionBy lastChanceBy tooLate boroughs { gssCode }
      members { alignedEnd needsExtension renewalDecision
        system { id name contractEnd decisionNote borough { gssCode } } }
    } }`;

  it('exports one row per cluster member, as expiryClusters answers with the same options', async () => {
    const input = { horizonMonths: 24, maxSpreadMonths: 9, groupBy: 'CATEGORY' as const };
    const res = await download(
      '/exports/clusters.csv?horizonMonths=24&maxSpreadMonths=9&groupBy=category',
      'demo-coordinator',
    );
    expect(res.status).toBe(200);
    const rows = readBack(rowsOf(res.body));
    const clusters = (await t.gql(CLUSTERS, { input })).data!.expiryClusters;
    const expected = clusters.flatMap((c: any) =>
      c.members.map((m: any) => ({
        cluster_id: c.id,
        key: c.key,
        action_by: c.actionBy,
        last_chance_by: c.lastChanceBy,
        too_late: c.tooLate ? 'yes' : 'no',
        borough_gss_code: m.system.borough.gssCode,
        system_id: m.system.id,
        system: m.system.name,
        contract_end: m.system.contractEnd,
        aligned_end: m.alignedEnd,
        needs_extension: m.needsExtension ? 'yes' : 'no',
        renewal_decision: m.renewalDecision,
        decision_note: m.system.decisionNote ?? '',
      })),
    );
    expect(expected.length).toBeGreaterThan(2);
    // The demo has decided some members, and not others.
    expect(new Set(expected.map((r: any) => r.renewal_decision)).size).toBeGreaterThan(1);
    expect(
      rows.map((r) => Object.fromEntries(Object.keys(expected[0]).map((k) => [k, r[k]]))),
    ).toEqual(expected);
  });

  it('gives a borough lead the clusters its borough is in, with all their members', async () => {
    const rows = rowsOf(
      (await download('/exports/clusters.csv?horizonMonths=24', 'demo-hck')).body,
    );
    const clusters = (await t.gql(CLUSTERS, { input: { horizonMonths: 24 } })).data!.expiryClusters;
    const withHackney = clusters.filter((c: any) =>
      c.boroughs.some((b: any) => b.gssCode === HACKNEY),
    );
    expect(withHackney.length).toBeGreaterThan(0);
    expect([...new Set(rows.map((r) => r.cluster_id))]).toEqual(withHackney.map((c: any) => c.id));
  });

  it.each([
    [
      '/exports/systems.csv?endingFrom=2027-13-01',
      'endingFrom',
      'must be a real date written YYYY-MM-DD',
    ],
    ['/exports/systems.csv?endingFrom=2028-01-01&endingTo=2027-01-01', 'endingTo', 'endingFrom'],
    ['/exports/systems.csv?colour=red', 'colour', 'is not a parameter of this export'],
    [
      '/exports/clusters.csv?horizonMonths=99',
      'horizonMonths',
      'must be a whole number from 1 to 60',
    ],
    ['/exports/clusters.csv?groupBy=colour', 'groupBy', 'must be one of CATEGORY'],
    ['/exports/clusters.csv?category=telepathy', 'category', 'telepathy'],
    ['/exports/clusters.csv?asOf=2027-01-01&asOf=2027-02-01', 'asOf', 'is given more than once'],
  ])('refuses %s with 400 naming the parameter', async (path, parameter, message) => {
    const res = await download(path);
    expect(res.status).toBe(400);
    const [error] = JSON.parse(res.body).errors;
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.fieldErrors[0].path).toBe(parameter);
    expect(error.extensions.fieldErrors[0].message).toContain(message);
  });

  it.each(['/exports/systems.csv', '/exports/clusters.csv', `/exports/${CAMDEN}/systems.csv`])(
    'refuses %s without a valid key with 401',
    async (path) => {
      for (const key of [null, 'not-a-key']) {
        const res = await download(path, key);
        expect(res.status).toBe(401);
        expect(res.headers['www-authenticate']).toBe('Bearer');
        expect(JSON.parse(res.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
      }
    },
  );

  it('answers an unknown borough with 404', async () => {
    const res = await download('/exports/E09000099/systems.csv');
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('NOT_FOUND');
  });
});
