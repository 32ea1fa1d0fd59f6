import { CAMDEN, entry, SUBMIT } from './helpers/lists';
import { codes, createTestApp, TestApp } from './helpers/test-app';

describe('Concurrent submissions (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const version = async () =>
    (await t.gql(`{ borough(gssCode: "${CAMDEN}") { version } }`)).data!.borough.version as number;
  const list = (n: number) => [
    entry(1, { name: `Housing ${n}`, contractReference: `H-${n}` }),
    entry(2, { name: `ERP ${n}`, categoryCode: 'erp', contractReference: `E-${n}` }),
  ];

  it('accepts exactly one of 20 concurrent submissions made against the same version', async () => {
    const start = await version();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        t.gql(SUBMIT, { gssCode: CAMDEN, expectedVersion: start, systems: list(n) }, 'demo-cmd'),
      ),
    );
    const outcomes = results.map((r) => (r.errors ? codes(r)[0] : 'OK'));
    expect(outcomes.filter((o) => o === 'OK')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'CONFLICT')).toHaveLength(19);
    expect(await version()).toBe(start + 1);
    const winner = results.find((r) => !r.errors)!.data!.submitTopSystems;
    const current = await t.gql(`{ borough(gssCode: "${CAMDEN}") { systems { name } } }`);
    expect(current.data!.borough.systems.map((s: { name: string }) => s.name)).toEqual(
      winner.systems.map((s: { name: string }) => s.name),
    );
  });

  it('lands 20 concurrent submissions without a version as 20 consecutive versions with full history', async () => {
    const start = await version();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        t.gql(SUBMIT, { gssCode: CAMDEN, systems: list(n) }, 'demo-cmd'),
      ),
    );
    expect(results.flatMap(codes)).toEqual([]);
    const versions = results
      .map((r) => r.data!.submitTopSystems.version as number)
      .sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 20 }, (_, i) => start + 1 + i));
    expect(await version()).toBe(start + 20);

    const history = await t.gql(
      `{ submissions(gssCode: "${CAMDEN}") { version systems { name } } }`,
    );
    const recent = history.data!.submissions.slice(0, 20);
    expect(recent.map((s: { version: number }) => s.version)).toEqual(
      Array.from({ length: 20 }, (_, i) => start + 20 - i),
    );
    // Each version's snapshot is one whole submitted list, never a mix of two.
    for (const s of recent) {
      const [housing, erp] = s.systems.map((x: { name: string }) => x.name);
      expect(housing.replace('Housing ', '')).toBe(erp.replace('ERP ', ''));
    }
    const current = await t.gql(`{ borough(gssCode: "${CAMDEN}") { systems { name } } }`);
    expect(current.data!.borough.systems.map((x: { name: string }) => x.name)).toEqual(
      recent[0].systems.map((x: { name: string }) => x.name),
    );
  });

  it('lets ten boroughs add the same new suppliers at once, in opposite orders, without a deadlock', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `Shared Newco ${i} Ltd`);
    const boroughs = (await t.gql('{ boroughs { gssCode } }')).data!.boroughs.slice(0, 10);
    const results = await Promise.all(
      boroughs.map(({ gssCode }: { gssCode: string }, b: number) => {
        const order = b % 2 === 0 ? names : [...names].reverse();
        const systems = order.map((supplierName, i) =>
          entry(i + 1, {
            supplierName,
            productName: `Product of ${supplierName}`,
            contractReference: `N-${i}`,
          }),
        );
        return t.gql(SUBMIT, { gssCode, systems }, 'demo-admin');
      }),
    );
    expect(results.flatMap(codes)).toEqual([]);
    const found = await t.gql(
      `{ suppliers(search: "Shared Newco") { name systems { borough { gssCode } } } }`,
    );
    expect(found.data!.suppliers.map((s: { name: string }) => s.name).sort()).toEqual(
      [...names].sort(),
    );
    for (const s of found.data!.suppliers) expect(s.systems).toHaveLength(10);
  });

  it('merges a supplier while boroughs are submitting under its name, losing nothing', async () => {
    await t.gql(SUBMIT, {
      gssCode: 'E09000001',
      systems: [entry(1, { supplierName: 'Mergeme Systems' })],
    });
    const suppliers = (await t.gql(`{ suppliers(search: "Mergeme") { id } }`)).data!.suppliers;
    const into = (await t.gql(`{ suppliers(search: "00968498") { id } }`)).data!.suppliers[0].id;
    const boroughs = (await t.gql('{ boroughs { gssCode } }')).data!.boroughs.slice(10, 17);
    const submissions = boroughs.map(({ gssCode }: { gssCode: string }) =>
      t.gql(SUBMIT, { gssCode, systems: [entry(1, { supplierName: 'MERGEME SYSTEMS LTD' })] }),
    );
    const merge = t.gql(
      `mutation($f: ID!, $i: ID!) { mergeSuppliers(fromId: $f, intoId: $i) { id } }`,
      {
        f: suppliers[0].id,
        i: into,
      },
    );
    const results = await Promise.all([...submissions, merge]);
    expect(results.flatMap(codes)).toEqual([]);
    const rows = await t.gql(
      `query($f: SystemFilter) { systems(filter: $f) { supplier { id } } }`,
      {
        f: {
          boroughGssCodes: ['E09000001', ...boroughs.map((b: { gssCode: string }) => b.gssCode)],
        },
      },
    );
    expect(rows.data!.systems).toHaveLength(8);
    expect(
      rows.data!.systems.every((s: { supplier: { id: string } }) => s.supplier.id === into),
    ).toBe(true);
  });

  it('never lets a failed submission undo or leak into a concurrent one', async () => {
    const start = await version();
    const good = Array.from({ length: 10 }, (_, n) =>
      t.gql(SUBMIT, { gssCode: CAMDEN, systems: list(100 + n) }, 'demo-cmd'),
    );
    // Fails inside the transaction, after the supplier was created: must roll back alone.
    const bad = Array.from({ length: 10 }, (_, n) =>
      t.gql(
        SUBMIT,
        {
          gssCode: CAMDEN,
          systems: [
            entry(1, {
              supplierName: `Brand New Supplier ${n}`,
              supplierCompaniesHouseNumber: '00968498',
            }),
            entry(2, {
              supplierName: 'NEC Software Solutions',
              supplierCompaniesHouseNumber: '99999999',
            }),
          ],
        },
        'demo-cmd',
      ),
    );
    const results = await Promise.all([...good, ...bad]);
    expect(results.slice(0, 10).flatMap(codes)).toEqual([]);
    expect(results.slice(10).map((r) => codes(r))).toEqual(Array(10).fill(['BAD_USER_INPUT']));
    expect(await version()).toBe(start + 10);
    const leaked = await t.gql(`{ suppliers(search: "Brand New Supplier") { id } }`);
    expect(leaked.data!.suppliers).toEqual([]);
  });
});
