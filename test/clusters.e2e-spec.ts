import { DEFAULT_CLUSTER_OPTIONS } from '../src/clusters/find-clusters';
import { ClusterSystem, findClusters } from './helpers/cluster-systems';
import { ClusterGrouping } from '../src/clusters/cluster-grouping';
import { readsOfOneSnapshot, recordStatements } from './helpers/count-statements';
import { entry, SUBMIT } from './helpers/lists';
import { codes, createTestApp, GraphQLResponse, onPostgres, TestApp } from './helpers/test-app';

const CLUSTERS = `
  query($input: ClusterInput) {
    expiryClusters(input: $input) {
      id groupBy key boroughCount earliestEnd latestEnd window { start end }
      combinedAnnualValueGbp valueKnownCount leadTimeMonths actionBy urgent lastChanceBy tooLate
      members { alignedEnd needsExtension system { id contractEnd borough { gssCode shortName } } }
      suppliers { count supplier { id name } }
      products { count product { id name } }
      boroughs { gssCode }
    }
  }`;

describe('Expiry clusters (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const clusters = (input?: object, key = 'demo-coordinator') => t.gql(CLUSTERS, { input }, key);

  /** The whole register as the public `systems` query shows it, in findClusters' terms. */
  async function registerAsSeen(): Promise<ClusterSystem[]> {
    const res = await t.gql(`{
      systems(limit: 10000) {
        id rank contractEnd maxExtentDate openToCollaboration annualValueGbp
        borough { id name } category { id name leadTimeMonths }
        supplier { id name } product { id name supplier { name } }
      } }`);
    return res.data!.systems.map((s: any) => ({
      id: s.id,
      boroughId: s.borough.id,
      boroughName: s.borough.name,
      rank: s.rank,
      categoryId: s.category.id,
      categoryName: s.category.name,
      categoryLeadTimeMonths: s.category.leadTimeMonths,
      supplierId: s.supplier.id,
      supplierName: s.supplier.name,
      productId: s.product?.id ?? null,
      productName: s.product?.name ?? null,
      productMakerName: s.product?.supplier.name ?? null,
      contractEnd: s.contractEnd,
      maxExtentDate: s.maxExtentDate,
      openToCollaboration: s.openToCollaboration,
      annualValueGbp: s.annualValueGbp,
    }));
  }

  // The demo on the test clock makes 26, 27 and 26 clusters.
  it.each([
    [ClusterGrouping.CATEGORY, 26],
    [ClusterGrouping.SUPPLIER, 27],
    [ClusterGrouping.PRODUCT, 26],
  ] as const)(
    'answers exactly what findClusters makes of the whole register, grouped by %s',
    async (groupBy, count) => {
      const res = await clusters({ groupBy });
      expect(res.errors).toBeUndefined();
      const expected = findClusters(
        await registerAsSeen(),
        { ...DEFAULT_CLUSTER_OPTIONS, groupBy },
        '2026-11-26',
      );
      expect(expected).toHaveLength(count);
      const got = res.data!.expiryClusters;
      expect(
        got.map((c: any) => [
          c.id,
          c.key,
          c.actionBy,
          c.lastChanceBy,
          c.tooLate,
          c.members.map((m: any) => [m.system.id, m.alignedEnd, m.needsExtension]),
        ]),
      ).toEqual(
        expected.map((c) => [
          c.id,
          c.key,
          c.actionBy,
          c.lastChanceBy,
          c.tooLate,
          c.members.map((m) => [m.system.id, m.alignedEnd, m.needsExtension]),
        ]),
      );
    },
  );

  it('finds the demo’s cross-borough renewals in the coming year, several boroughs each', async () => {
    const res = await clusters();
    const found = res.data!.expiryClusters;
    expect(found).toHaveLength(26);
    for (const c of found) {
      const boroughs = [...new Set(c.members.map((m: any) => m.system.borough.gssCode))];
      expect(boroughs.length).toBeGreaterThanOrEqual(2);
      expect(c.boroughCount).toBe(boroughs.length);
      expect(c.boroughs.map((b: { gssCode: string }) => b.gssCode).sort()).toEqual(boroughs.sort());
      for (const m of c.members) {
        expect(m.system.contractEnd >= '2026-11-26' && m.system.contractEnd <= '2027-11-26').toBe(
          true,
        );
      }
    }
    expect(found.some((c: any) => c.members.some((m: any) => m.needsExtension))).toBe(true);
  });

  it('names a supplier and product that a submission has just added', async () => {
    // Read first, so names kept from this answer would be stale for the next one.
    expect((await clusters({ groupBy: 'PRODUCT' })).errors).toBeUndefined();
    const fresh = {
      categoryCode: 'crm',
      supplierName: 'Brand New Civic Software Ltd',
      productName: 'Fresh CRM',
      contractEnd: '2027-04-30',
    };
    for (const gssCode of ['E09000019', 'E09000020']) {
      const res = await t.gql(SUBMIT, { gssCode, systems: [entry(1, fresh)] });
      expect(res.errors).toBeUndefined();
    }
    const res = await clusters({ groupBy: 'PRODUCT', boroughGssCodes: ['E09000019', 'E09000020'] });
    expect(res.errors).toBeUndefined();
    expect(res.data!.expiryClusters.map((c: { key: string }) => c.key)).toEqual([
      'Fresh CRM (Brand New Civic Software Ltd)',
    ]);
  });

  it('reports a cluster built for the test exactly', async () => {
    const housing = {
      categoryCode: 'housing-management',
      supplierName: 'Aareon UK Ltd',
      productName: 'QL',
    };
    const lists: [string, Record<string, unknown>][] = [
      [
        'E09000004',
        { contractEnd: '2027-01-31', maxExtentDate: '2028-02-29', annualValueGbp: 300_000 },
      ],
      ['E09000006', { contractEnd: '2027-07-31', annualValueGbp: 200_000 }],
      ['E09000016', { contractEnd: '2027-08-15' }],
    ];
    for (const [gssCode, fields] of lists) {
      const res = await t.gql(SUBMIT, { gssCode, systems: [entry(1, { ...housing, ...fields })] });
      expect(res.errors).toBeUndefined();
    }
    const res = await clusters({
      groupBy: 'PRODUCT',
      boroughGssCodes: ['E09000004', 'E09000006', 'E09000016'],
    });
    expect(res.data!.expiryClusters).toHaveLength(1);
    const [c] = res.data!.expiryClusters;
    expect(c).toMatchObject({
      groupBy: 'PRODUCT',
      key: 'QL (Aareon UK Ltd)',
      boroughCount: 3,
      earliestEnd: '2027-01-31',
      latestEnd: '2027-08-15',
      window: { start: '2027-07-31', end: '2027-08-15' },
      combinedAnnualValueGbp: 500_000,
      valueKnownCount: 2,
      leadTimeMonths: 18,
      actionBy: '2026-01-31',
      urgent: true,
      boroughs: [{ gssCode: 'E09000004' }, { gssCode: 'E09000006' }, { gssCode: 'E09000016' }],
    });
    expect(
      c.members.map((m: any) => [m.system.borough.shortName, m.alignedEnd, m.needsExtension]),
    ).toEqual([
      ['Bexley', '2027-08-15', true],
      ['Bromley', '2027-07-31', false],
      ['Havering', '2027-08-15', false],
    ]);
    expect(c.suppliers).toEqual([
      { count: 3, supplier: { id: expect.any(String), name: 'Aareon UK Ltd' } },
    ]);
    expect(c.products).toEqual([{ count: 3, product: { id: expect.any(String), name: 'QL' } }]);

    const noExtensions = await clusters({
      groupBy: 'PRODUCT',
      useExtensions: false,
      boroughGssCodes: ['E09000004', 'E09000006', 'E09000016'],
    });
    expect(noExtensions.data!.expiryClusters.map((x: any) => x.boroughCount)).toEqual([2]);
    const later = await clusters({
      groupBy: 'PRODUCT',
      asOf: '2027-03-01',
      boroughGssCodes: ['E09000004', 'E09000006', 'E09000016'],
    });
    expect(later.data!.expiryClusters.map((x: any) => x.boroughCount)).toEqual([2]);
  });

  it('takes part only the categories and boroughs asked for', async () => {
    const res = await clusters({
      categoryCodes: ['erp', 'social-care'],
      boroughGssCodes: ['E09000005', 'E09000022', 'E09000023', 'E09000002'],
    });
    for (const c of res.data!.expiryClusters) {
      expect(['ERP: Finance, HR & Payroll', "Adults' & Children's Social Care"]).toContain(c.key);
      for (const m of c.members)
        expect(['E09000005', 'E09000022', 'E09000023', 'E09000002']).toContain(
          m.system.borough.gssCode,
        );
    }
  });

  it.each([
    [{ horizonMonths: 0 }, 'input.horizonMonths', 'must be a whole number from 1 to 60'],
    [{ horizonMonths: 61 }, 'input.horizonMonths', 'must be a whole number from 1 to 60'],
    [{ maxSpreadMonths: -1 }, 'input.maxSpreadMonths', 'must be a whole number from 0 to 24'],
    [{ maxSpreadMonths: 25 }, 'input.maxSpreadMonths', 'must be a whole number from 0 to 24'],
    [{ minBoroughs: 1 }, 'input.minBoroughs', 'must be 2 or more'],
    [{ leadTimeMonths: 61 }, 'input.leadTimeMonths', 'must be a whole number from 0 to 60'],
    [
      { categoryCodes: ['erp', 'toasters'] },
      'input.categoryCodes.1',
      'is not a known category code ("toasters")',
    ],
    [
      { boroughGssCodes: ['E09000099'] },
      'input.boroughGssCodes.0',
      'is not a known borough GSS code ("E09000099")',
    ],
    [
      { asOf: '2027-02-30' },
      'input.asOf',
      expect.stringContaining('Date must be a real calendar date'),
    ],
    [
      { asOf: '9999-12-31' },
      'input.asOf',
      expect.stringContaining('from 1900-01-01 to 2199-12-31'),
    ],
    [
      { groupBy: 'COLOUR' },
      'input.groupBy',
      expect.stringContaining('does not exist in "ClusterGrouping" enum'),
    ],
  ])('refuses %j naming the field', async (input, path, message) => {
    const res = await clusters(input);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions.fieldErrors).toEqual([{ path, message }]);
  });

  it('lets nothing take part for an empty list of codes', async () => {
    expect((await clusters({ categoryCodes: [] })).data!.expiryClusters).toEqual([]);
    expect((await clusters({ boroughGssCodes: [] })).data!.expiryClusters).toEqual([]);
  });

  it('refuses lists of codes too long to be real, without touching the database', async () => {
    let res: GraphQLResponse | undefined;
    const statements = await recordStatements(t.db.dataSource, async () => {
      res = await clusters({ categoryCodes: Array(32767).fill('') });
    });
    expect(res!.errors![0].extensions.fieldErrors).toEqual([
      { path: 'input.categoryCodes', message: 'must have at most 500 codes' },
    ]);
    // Only the key is looked up.
    expect(readsOfOneSnapshot(statements).map((sql) => /FROM "(\w+)"/.exec(sql)?.[1])).toEqual([
      'api_key',
    ]);
  });

  it('needs a key, and lets every role read', async () => {
    expect(codes(await clusters({}, null as unknown as string))).toEqual(['UNAUTHENTICATED']);
    for (const key of ['demo-admin', 'demo-coordinator', 'demo-cmd'])
      expect((await clusters({}, key)).errors).toBeUndefined();
  });

  it('answers with members, boroughs, suppliers and products in a constant number of statements', async () => {
    let res: GraphQLResponse = { status: 0 };
    const statements = await recordStatements(t.db.dataSource, async () => {
      res = await clusters({ horizonMonths: 36 });
    });
    expect(res.errors).toBeUndefined();
    // The demo on the test clock makes 59 clusters over three years.
    expect(res.data!.expiryClusters).toHaveLength(59);
    // The key; the eligible rows, with the members' systems, and the names of their categories,
    // suppliers, products and boroughs; then one batch each for the fields asked of the systems:
    // their boroughs, suppliers, products. None of it grows with the number of clusters or
    // members (below a batch of keys). On SQLite the names are kept from the previous answer,
    // nothing having changed since, at the cost of a check. All of it in one snapshot.
    const reads = readsOfOneSnapshot(statements);
    expect(reads.length).toBe(onPostgres() ? 9 : 6);
    expect(reads.filter((sql) => /FROM "it_system"/.test(sql))).toHaveLength(1);
  });

  it('names a supplier added since the last answer, and reads no names when none were added', async () => {
    const submit = async (gssCode: string, supplierName: string) => {
      const res = await t.gql(SUBMIT, {
        gssCode,
        systems: [entry(1, { supplierName, contractEnd: '2027-05-31' })],
      });
      expect(res.errors).toBeUndefined();
    };
    const bySupplier = () => clusters({ groupBy: 'SUPPLIER' });
    expect((await bySupplier()).errors).toBeUndefined();

    // A list change that adds no supplier or product leaves the names as they were.
    await submit('E09000012', 'NEC Software Solutions UK Ltd');
    const statements = await recordStatements(t.db.dataSource, async () => {
      expect((await bySupplier()).errors).toBeUndefined();
    });
    // Every supplier's name, as the names are read (the loader reads only the ones asked for).
    const allSupplierNames = statements.filter(
      (sql) => /FROM "supplier"/.test(sql) && !/ IN \(/.test(sql),
    );
    expect(allSupplierNames).toHaveLength(onPostgres() ? 1 : 0);

    // Two lists naming a supplier the register did not know make a cluster under its name.
    await submit('E09000012', 'Brand New Supplier Ltd');
    await submit('E09000019', 'Brand New Supplier Ltd');
    const res = await bySupplier();
    expect(res.errors).toBeUndefined();
    const found = res.data!.expiryClusters.find(
      (c: { key: string }) => c.key === 'Brand New Supplier Ltd',
    );
    expect(found).toMatchObject({ boroughCount: 2 });
  });
});
