import { GraphQLSchemaHost } from '@nestjs/graphql';
import { getNamedType, GraphQLObjectType, isObjectType } from 'graphql';
import { readsOfOneSnapshot, recordStatements } from './helpers/count-statements';
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

  it('cuts every page exactly from the whole list, also inside a run of equal end dates', async () => {
    const ids = async (args: string) =>
      (
        (await t.gql(`{ systems(${args}) { id contractEnd } }`)).data!.systems as {
          id: string;
          contractEnd: string;
        }[]
      ).map((r) => r.id);
    const rows = (await t.gql(`{ systems(limit: 10000) { id contractEnd } }`)).data!.systems as {
      id: string;
      contractEnd: string;
    }[];
    let cutInsideTie = 0;
    for (const limit of [1, 7, 33, 100]) {
      for (let offset = 0; offset < rows.length + limit; offset += limit * 3 + 1) {
        expect(await ids(`limit: ${limit}, offset: ${offset}`)).toEqual(
          rows.slice(offset, offset + limit).map((r) => r.id),
        );
        const last = offset + limit - 1;
        if (last + 1 < rows.length && rows[last].contractEnd === rows[last + 1].contractEnd)
          cutInsideTie++;
      }
    }
    // The demo on the test clock: 31 of these pages end between two systems with one end date.
    expect(cutInsideTie).toBe(31);

    const filtered = await ids(`limit: 10000, filter: { categoryCodes: ["erp", "crm"] }`);
    for (const offset of [0, 5, 17, filtered.length - 2, filtered.length]) {
      expect(
        await ids(`limit: 6, offset: ${offset}, filter: { categoryCodes: ["erp", "crm"] }`),
      ).toEqual(filtered.slice(offset, offset + 6));
    }
    expect(await ids('limit: 0')).toEqual([]);
  });

  describe('systems reads only the columns its query asks for', () => {
    const systemFields = () => {
      const type = t.app.get(GraphQLSchemaHost).schema.getType('ItSystem') as GraphQLObjectType;
      return Object.values(type.getFields()).map((field) => ({
        name: field.name,
        selection: isObjectType(getNamedType(field.type)) ? `${field.name} { id }` : field.name,
      }));
    };
    type Row = Record<string, unknown>;

    it('answers each field asked alone exactly as in a query for all of them', async () => {
      const fields = systemFields();
      expect(fields.map((f) => f.name)).toEqual([
        'annualValueGbp',
        'borough',
        'category',
        'contractEnd',
        'contractReference',
        'contractStart',
        'decisionNote',
        'hosting',
        'id',
        'maxExtentDate',
        'name',
        'notes',
        'noticeDeadline',
        'noticePeriodDays',
        'openToCollaboration',
        'product',
        'rank',
        'renewalDecision',
        'routeToMarket',
        'supplier',
        'totalValueGbp',
        'updatedAt',
      ]);
      const all = await t.gql(
        `{ systems(limit: 10000) { ${fields.map((f) => f.selection).join(' ')} } }`,
      );
      expect(all.errors).toBeUndefined();
      const rows = all.data!.systems as Row[];
      expect(rows).toHaveLength(330);
      // The demo exercises what a field needs beyond its own column: on the test clock, 153
      // systems have a notice period (so a key date before their end) and 65 no product.
      expect(rows.filter((r) => r.noticeDeadline !== r.contractEnd)).toHaveLength(153);
      expect(rows.filter((r) => r.product === null)).toHaveLength(65);
      for (const { name, selection } of fields) {
        const alone = await t.gql(`{ systems(limit: 10000) { ${selection} } }`);
        expect(alone.errors).toBeUndefined();
        expect((alone.data!.systems as Row[]).map((r) => r[name])).toEqual(
          rows.map((r) => r[name]),
        );
      }
    });

    it('through aliases and fragments, and not the fields @skip leaves out', async () => {
      const columnsRead = async (selection: string, fragments = '') => {
        let res: GraphQLResponse = { status: 0 };
        const statements = await recordStatements(t.db.dataSource, async () => {
          res = await t.gql(`{ systems(limit: 3) { ${selection} } } ${fragments}`);
        });
        expect(res.errors).toBeUndefined();
        const select = statements.find((s) => /FROM "it_system" "s"/.test(s))!;
        const listed = select.slice(0, select.indexOf(' FROM "it_system" "s"'));
        return ['"name"', '"notes"', '"supplier_id"', '"notice_period_days"', '"hosting"'].filter(
          (column) => listed.includes(column),
        );
      };
      expect(await columnsRead('label: name supplier { name }')).toEqual([
        '"name"',
        '"supplier_id"',
      ]);
      expect(
        await columnsRead('...on ItSystem { notes } ...F', 'fragment F on ItSystem { hosting }'),
      ).toEqual(['"notes"', '"hosting"']);
      expect(await columnsRead('name notes @skip(if: true)')).toEqual(['"name"']);
      expect(await columnsRead('noticeDeadline')).toEqual(['"notice_period_days"']);
    });
  });

  it('filters systems by borough, category, supplier and end date, exactly', async () => {
    type Row = {
      id: string;
      contractEnd: string;
      borough: { gssCode: string };
      category: { code: string };
      supplier: { id: string };
    };
    const fields = 'id contractEnd borough { gssCode } category { code } supplier { id }';
    const all: Row[] = (await t.gql(`{ systems(limit: 10000) { ${fields} } }`)).data!.systems;
    const select = async (f: object) =>
      (
        (await t.gql(`query($f: SystemFilter) { systems(filter: $f, limit: 10000) { id } }`, { f }))
          .data!.systems as { id: string }[]
      ).map((r) => r.id);

    const filter = {
      boroughGssCodes: ['E09000007', 'E09000012', 'E09000028'],
      categoryCodes: ['erp', 'housing-management', 'social-care'],
      endingFrom: '2027-03-01',
      endingTo: '2028-12-31',
    };
    const expected = all.filter(
      (r) =>
        filter.boroughGssCodes.includes(r.borough.gssCode) &&
        filter.categoryCodes.includes(r.category.code) &&
        r.contractEnd >= filter.endingFrom &&
        r.contractEnd <= filter.endingTo,
    );
    // The demo on the test clock has five such systems.
    expect(expected).toHaveLength(5);
    expect(await select(filter)).toEqual(expected.map((r) => r.id));

    const supplierId = all[0].supplier.id;
    expect(await select({ supplierIds: [supplierId] })).toEqual(
      all.filter((r) => r.supplier.id === supplierId).map((r) => r.id),
    );
    expect(await select({ endingTo: all[4].contractEnd })).toEqual(
      all.filter((r) => r.contractEnd <= all[4].contractEnd).map((r) => r.id),
    );
    expect(await select({ boroughGssCodes: [] })).toEqual([]);
  });

  it('refuses filter lists too long to be real', async () => {
    const res = await t.gql(`query($f: SystemFilter) { systems(filter: $f) { id } }`, {
      f: { supplierIds: Array.from({ length: 1001 }, (_, i) => `s${i}`) },
    });
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      { path: 'filter.supplierIds', message: 'must have at most 1000 values' },
    ]);
  });

  it('refuses a limit over 10000 and an inverted date range, naming the field', async () => {
    const res = await t.gql(
      `{ systems(limit: 10001, offset: -1, filter: { endingFrom: "2027-01-02", endingTo: "2027-01-01" }) { id } }`,
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    // In the order of the arguments: filter, limit, offset.
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      { path: 'filter.endingTo', message: 'must be on or after endingFrom (2027-01-02)' },
      { path: 'limit', message: 'must be a whole number from 0 to 10000' },
      { path: 'offset', message: 'must be 0 or more' },
    ]);
  });

  it('finds a supplier however its name is spelt, with its systems', async () => {
    const civica = await t.gql(`{ suppliers(search: "Civica") { id name systems { id } } }`);
    expect(civica.data!.suppliers).toHaveLength(1);
    const { id, name, systems } = civica.data!.suppliers[0];
    expect(name).toBe('Civica UK Ltd');
    // Its current entries, by borough name and rank, read from the tables themselves.
    const stored: { id: string }[] = await t.db.dataSource.query(
      `SELECT s.id FROM it_system s JOIN borough b ON b.id = s.borough_id
        WHERE s.supplier_id = '${id}' AND s.retired_at IS NULL ORDER BY b.name, s.rank`,
    );
    expect(stored).toHaveLength(31);
    expect(systems).toEqual(stored.map((s) => ({ id: s.id })));
    for (const spelling of ['civica ltd.', 'CIVICA UK LIMITED', 'Civica Group']) {
      const res = await t.gql(`query($s: String) { suppliers(search: $s) { id } }`, {
        s: spelling,
      });
      expect(res.data!.suppliers).toEqual([{ id }]);
    }
    const all = (await t.gql(`{ systems(limit: 10000) { id supplier { id } } }`)).data!.systems;
    expect(systems.map((s: { id: string }) => s.id).sort()).toEqual(
      all
        .filter((s: { supplier: { id: string } }) => s.supplier.id === id)
        .map((s: { id: string }) => s.id)
        .sort(),
    );
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
    // In one snapshot: the key, boroughs, systems, suppliers, aliases, categories, products, one
    // statement each.
    expect(readsOfOneSnapshot(statements)).toHaveLength(7);
  });
});
