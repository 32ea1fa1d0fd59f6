import { recordStatements } from './helpers/count-statements';
import { codes, createTestApp, GraphQLResponse, TestApp } from './helpers/test-app';

describe('Reading the register (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('lists the 33 authorities by short name, each with its ten demo systems', async () => {
    const res = await t.gql(
      `{ boroughs { gssCode laeCode orgId shortName version lastSubmittedAt systems { rank } } }`,
      {},
      'demo-coordinator',
    );
    expect(res.errors).toBeUndefined();
    const boroughs = res.data!.boroughs;
    expect(boroughs).toHaveLength(33);
    const names = boroughs.map((b: { shortName: string }) => b.shortName);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(names[0]).toBe('Barking and Dagenham');
    for (const b of boroughs) {
      expect(b.systems.map((s: { rank: number }) => s.rank)).toEqual([
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
      ]);
      expect(b.version).toBe(1);
      expect(b.orgId).toBe(`GB-LAE-${b.laeCode}`);
      expect(b.lastSubmittedAt).toBe('2026-11-26T09:00:00.000Z');
    }
  });

  it('finds one borough by GSS code, and null for an unknown code', async () => {
    const res = await t.gql(
      `{ camden: borough(gssCode: "E09000007") { name laeCode } none: borough(gssCode: "E09000099") { name } }`,
    );
    expect(res.data).toEqual({
      camden: { name: 'London Borough of Camden', laeCode: 'CMD' },
      none: null,
    });
  });

  it('lists the categories with kind, lead time and CPV code', async () => {
    const res = await t.gql(`{ categories { code name kind leadTimeMonths cpv } }`);
    expect(res.data!.categories).toHaveLength(17);
    expect(res.data!.categories).toContainEqual({
      code: 'housing-management',
      name: 'Housing Management',
      kind: 'FRONTLINE',
      leadTimeMonths: 18,
      cpv: '48000000',
    });
  });

  it('pages through systems sorted by contract end, borough name and rank', async () => {
    const all = await t.gql(`{ systems(limit: 10000) { id contractEnd rank borough { name } } }`);
    const rows = all.data!.systems as {
      id: string;
      contractEnd: string;
      rank: number;
      borough: { name: string };
    }[];
    expect(rows).toHaveLength(330);
    const key = (r: (typeof rows)[number]) =>
      [r.contractEnd, r.borough.name, String(r.rank).padStart(2, '0')].join('|');
    for (let i = 1; i < rows.length; i++) expect(key(rows[i - 1]) <= key(rows[i])).toBe(true);

    const page = await t.gql(`{ systems(limit: 5, offset: 10) { id } }`);
    expect(page.data!.systems.map((s: { id: string }) => s.id)).toEqual(
      rows.slice(10, 15).map((r) => r.id),
    );
  });

  it('filters systems by borough, category, supplier and end date together', async () => {
    const filter = {
      boroughGssCodes: ['E09000007', 'E09000012'],
      categoryCodes: ['erp', 'housing-management'],
      endingFrom: '2026-11-26',
      endingTo: '2029-12-31',
    };
    const res = await t.gql(
      `query($f: SystemFilter) { systems(filter: $f) { contractEnd borough { gssCode } category { code } supplier { id } } }`,
      { f: filter },
    );
    const rows = res.data!.systems;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(filter.boroughGssCodes).toContain(r.borough.gssCode);
      expect(filter.categoryCodes).toContain(r.category.code);
      expect(r.contractEnd >= '2026-11-26' && r.contractEnd <= '2029-12-31').toBe(true);
    }
    const supplierId = rows[0].supplier.id;
    const bySupplier = await t.gql(
      `query($f: SystemFilter) { systems(filter: $f) { supplier { id } } }`,
      {
        f: { supplierIds: [supplierId] },
      },
    );
    expect(bySupplier.data!.systems.length).toBeGreaterThan(0);
    expect(
      bySupplier.data!.systems.every(
        (s: { supplier: { id: string } }) => s.supplier.id === supplierId,
      ),
    ).toBe(true);
  });

  it('refuses a limit over 10000 and an inverted date range, naming the field', async () => {
    const res = await t.gql(
      `{ systems(limit: 10001, offset: -1, filter: { endingFrom: "2027-01-02", endingTo: "2027-01-01" }) { id } }`,
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions.fieldErrors!.map((e) => e.path)).toEqual([
      'limit',
      'offset',
      'filter.endingTo',
    ]);
  });

  it('finds a supplier however its name is spelt, with its systems', async () => {
    const res = await t.gql(
      `{ suppliers(search: "civica ltd.") { name systems { borough { shortName } } } }`,
    );
    expect(res.data!.suppliers.length).toBeGreaterThan(0);
    expect(res.data!.suppliers[0].name.toLowerCase()).toContain('civica');
    expect(res.data!.suppliers[0].systems.length).toBeGreaterThan(0);
  });

  it('answers /health without a key', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      database: { state: 'up', kind: process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite' },
      mail: { transport: 'file' },
    });
  });

  it('serves a query over every borough, system and relation in a constant number of SQL statements', async () => {
    let res: GraphQLResponse = { status: 0 };
    const statements = await recordStatements(t.db.dataSource, async () => {
      res = await t.gql(
        `{ boroughs { name systems { name supplier { name aliases } category { name } product { name supplier { name } } } } }`,
        {},
        'demo-coordinator',
      );
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.boroughs).toHaveLength(33);
    // The key, boroughs, systems, suppliers, aliases, categories, products: one statement each.
    expect(statements).toHaveLength(7);
  });
});
