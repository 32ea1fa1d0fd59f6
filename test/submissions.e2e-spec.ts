import { CAMDEN, CURRENT, entry, HACKNEY, SUBMIT } from './helpers/lists';
import { codes, createTestApp, TestApp } from './helpers/test-app';

const UPSERT = `
  mutation($gssCode: String!, $system: ItSystemInput!, $expectedVersion: Int) {
    upsertSystem(gssCode: $gssCode, system: $system, expectedVersion: $expectedVersion) {
      version action systems { id rank name contractReference }
    }
  }`;
const REMOVE = `
  mutation($gssCode: String!, $rank: Int!, $expectedVersion: Int) {
    removeSystem(gssCode: $gssCode, rank: $rank, expectedVersion: $expectedVersion) {
      version action systems { id rank }
    }
  }`;

describe('Submitting top-ten lists (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const current = async (gssCode = CAMDEN) => (await t.gql(CURRENT, { gssCode })).data!.borough;

  it('replaces the list and records version 2 with its snapshot and submitter', async () => {
    const res = await t.gql(
      SUBMIT,
      {
        gssCode: CAMDEN,
        expectedVersion: 1,
        systems: [
          entry(1, { name: 'Housing', productName: 'NEC Housing' }),
          entry(2, {
            name: 'ERP',
            categoryCode: 'erp',
            supplierName: 'Oracle Corporation UK Ltd',
            productName: 'Oracle Fusion',
            contractEnd: '2028-03-31',
          }),
        ],
      },
      'demo-cmd',
    );
    expect(res.errors).toBeUndefined();
    const submission = res.data!.submitTopSystems;
    expect(submission).toMatchObject({
      version: 2,
      submittedBy: 'Demo Camden lead',
      action: 'submit',
      submittedAt: '2026-11-26T09:00:00.000Z',
    });
    expect(
      submission.systems.map((s: Record<string, unknown>) => ({ ...s, id: undefined })),
    ).toEqual([
      {
        id: undefined,
        rank: 1,
        name: 'Housing',
        categoryCode: 'housing-management',
        supplierName: 'NEC Software Solutions UK Ltd',
        productName: 'NEC Housing',
        contractReference: 'REF-1',
        contractEnd: '2027-06-30',
      },
      {
        id: undefined,
        rank: 2,
        name: 'ERP',
        categoryCode: 'erp',
        supplierName: 'Oracle Corporation UK Ltd',
        productName: 'Oracle Fusion',
        contractReference: 'REF-2',
        contractEnd: '2028-03-31',
      },
    ]);
    const now = await current();
    expect(now.version).toBe(2);
    expect(now.systems.map((s: { id: string }) => s.id)).toEqual(
      submission.systems.map((s: { id: string }) => s.id),
    );
  });

  it('keeps ids when a list is reordered, and updatedAt when it is resubmitted unchanged', async () => {
    const before = await current();
    t.clock.set(new Date('2026-11-27T10:00:00Z'));
    const res = await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      systems: [
        entry(1, {
          name: 'ERP',
          categoryCode: 'erp',
          supplierName: 'Oracle Corporation UK Ltd',
          productName: 'Oracle Fusion',
          contractEnd: '2028-03-31',
          contractReference: 'REF-2',
        }),
        entry(2, { name: 'Housing', productName: 'NEC Housing', contractReference: 'REF-1' }),
      ].reverse(),
    });
    expect(res.errors).toBeUndefined();
    const after = await current();
    expect(after.version).toBe(3);
    const byId = (list: { id: string; updatedAt: string }[]) =>
      Object.fromEntries(list.map((s) => [s.id, s.updatedAt]));
    // Ranks changed for both entries, so both moved; their ids are the same two as before.
    expect(Object.keys(byId(after.systems)).sort()).toEqual(
      Object.keys(byId(before.systems)).sort(),
    );
    expect(after.systems.map((s: { updatedAt: string }) => s.updatedAt)).toEqual([
      '2026-11-27T10:00:00.000Z',
      '2026-11-27T10:00:00.000Z',
    ]);
    t.clock.set(new Date('2026-11-28T10:00:00Z'));
    await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      systems: after.systems.map((s: { rank: number; name: string }) => ({
        ...entry(s.rank),
        name: s.name,
        ...(s.name === 'ERP'
          ? {
              categoryCode: 'erp',
              supplierName: 'Oracle Corporation UK Ltd',
              productName: 'Oracle Fusion',
              contractEnd: '2028-03-31',
              contractReference: 'REF-2',
            }
          : { productName: 'NEC Housing', contractReference: 'REF-1' }),
      })),
    });
    const again = await current();
    expect(again.version).toBe(4);
    expect(byId(again.systems)).toEqual(byId(after.systems));
    t.clock.set(new Date('2026-11-26T09:00:00Z'));
  });

  it('resolves differently spelt supplier names to one supplier, across boroughs', async () => {
    const res = await t.gql(SUBMIT, {
      gssCode: HACKNEY,
      systems: [
        entry(1, { supplierName: 'Civica UK Ltd', productName: 'Cx' }),
        entry(2, {
          supplierName: 'CIVICA UK LIMITED',
          categoryCode: 'libraries',
          productName: 'Spydus',
        }),
        entry(3, {
          supplierName: 'civica uk ltd.',
          categoryCode: 'document-management',
          productName: 'W2',
        }),
      ],
    });
    expect(res.errors).toBeUndefined();
    const hackney = await current(HACKNEY);
    const ids = new Set(hackney.systems.map((s: { supplier: { id: string } }) => s.supplier.id));
    expect(ids.size).toBe(1);
    const suppliers = await t.gql(`{ suppliers(search: "Civica") { id name } }`);
    expect(suppliers.data!.suppliers.map((s: { id: string }) => s.id)).toEqual([...ids]);
  });

  it('resolves a supplier by Companies House number whatever the name', async () => {
    await t.gql(SUBMIT, {
      gssCode: HACKNEY,
      systems: [
        entry(1, {
          supplierName: 'Northgate Public Services',
          supplierCompaniesHouseNumber: '00968498',
        }),
      ],
    });
    const hackney = await current(HACKNEY);
    const nec = await t.gql(`{ suppliers(search: "00968498") { id name companiesHouseNumber } }`);
    expect(nec.data!.suppliers).toHaveLength(1);
    expect(hackney.systems[0].supplier).toEqual({
      id: nec.data!.suppliers[0].id,
      name: nec.data!.suppliers[0].name,
    });
    // The register learnt the other name: it now resolves without the number.
    await t.gql(SUBMIT, {
      gssCode: HACKNEY,
      systems: [entry(1, { supplierName: 'NORTHGATE PUBLIC SERVICES LTD' })],
    });
    expect((await current(HACKNEY)).systems[0].supplier.id).toBe(nec.data!.suppliers[0].id);
  });

  it('resolves the same name by number in one entry and by name in the next, as the rule says', async () => {
    await t.gql(SUBMIT, {
      gssCode: HACKNEY,
      systems: [entry(1, { supplierName: 'Elsewhere Telecom Ltd' })],
    });
    const res = await t.gql(SUBMIT, {
      gssCode: HACKNEY,
      systems: [
        entry(1, {
          supplierName: 'Elsewhere Telecom Ltd',
          supplierCompaniesHouseNumber: '00968498',
        }),
        entry(2, { supplierName: 'Elsewhere Telecom Ltd' }),
      ],
    });
    expect(
      res.data!.submitTopSystems.systems.map((s: { supplierName: string }) => s.supplierName),
    ).toEqual(['NEC Software Solutions UK Ltd', 'Elsewhere Telecom Ltd']);
  });

  it('accepts names whose folded form is longer than the name', async () => {
    const res = await t.gql(SUBMIT, {
      gssCode: HACKNEY,
      systems: [entry(1, { supplierName: 'A&'.repeat(100), productName: '\ufdfa'.repeat(20) })],
    });
    expect(res.errors).toBeUndefined();
    expect(res.data!.submitTopSystems.systems[0].supplierName).toBe('A&'.repeat(100));
  });

  it('refuses a Companies House number that contradicts the named supplier', async () => {
    const res = await t.gql(SUBMIT, {
      gssCode: HACKNEY,
      systems: [
        entry(1, {
          supplierName: 'NEC Software Solutions UK Limited',
          supplierCompaniesHouseNumber: '12345678',
        }),
      ],
    });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      {
        path: 'systems.0.supplierCompaniesHouseNumber',
        message: expect.stringContaining('00968498'),
      },
    ]);
  });

  it('records a product under its manufacturer when a reseller supplies it', async () => {
    await t.gql(SUBMIT, {
      gssCode: HACKNEY,
      systems: [
        entry(1, {
          categoryCode: 'productivity-licensing',
          supplierName: 'Softcat plc',
          productName: 'Microsoft 365 E5',
          productManufacturerName: 'Microsoft Limited',
        }),
      ],
    });
    const res = await t.gql(
      `query { borough(gssCode: "${HACKNEY}") { systems { supplier { name } product { name supplier { name } } } } }`,
    );
    expect(res.data!.borough.systems[0]).toEqual({
      supplier: { name: 'Softcat plc' },
      // "Microsoft Limited" folds to the Microsoft Ltd the demo data already knows.
      product: { name: 'Microsoft 365 E5', supplier: { name: 'Microsoft Ltd' } },
    });
  });

  it('upserts an entry at its rank, keeping the identity of the entry it continues', async () => {
    const before = await current();
    const rank2 = before.systems.find((s: { rank: number }) => s.rank === 2);
    const changed = await t.gql(UPSERT, {
      gssCode: CAMDEN,
      expectedVersion: before.version,
      system: entry(2, {
        name: 'Housing',
        productName: 'NEC Housing',
        contractReference: 'REF-1',
        contractEnd: '2027-09-30',
      }),
    });
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.upsertSystem.version).toBe(before.version + 1);
    expect(changed.data!.upsertSystem.action).toBe('upsert');
    expect(changed.data!.upsertSystem.systems.find((s: { rank: number }) => s.rank === 2).id).toBe(
      rank2.id,
    );

    const added = await t.gql(UPSERT, {
      gssCode: CAMDEN,
      system: entry(5, { name: 'Parking', categoryCode: 'parking' }),
    });
    expect(added.data!.upsertSystem.systems.map((s: { rank: number }) => s.rank)).toEqual([
      1, 2, 5,
    ]);
    const after = await current();
    expect(after.systems.find((s: { rank: number }) => s.rank === 2).contractEnd).toBe(
      '2027-09-30',
    );
  });

  it('refuses an upsert whose contract reference belongs to another entry', async () => {
    const before = await current();
    const res = await t.gql(UPSERT, {
      gssCode: CAMDEN,
      system: entry(7, { contractReference: 'ref-1' }),
    });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      { path: 'system.contractReference', message: 'is already used by the entry at rank 2' },
    ]);
    expect(await current()).toEqual(before);
  });

  it('removes the entry at a rank, and says NOT_FOUND for an empty rank', async () => {
    const before = await current();
    const res = await t.gql(REMOVE, { gssCode: CAMDEN, rank: 5, expectedVersion: before.version });
    expect(res.data!.removeSystem).toMatchObject({ version: before.version + 1, action: 'remove' });
    expect(res.data!.removeSystem.systems.map((s: { rank: number }) => s.rank)).toEqual([1, 2]);
    const missing = await t.gql(REMOVE, { gssCode: CAMDEN, rank: 5 });
    expect(codes(missing)).toEqual(['NOT_FOUND']);
    const outOfRange = await t.gql(REMOVE, { gssCode: CAMDEN, rank: 11 });
    expect(outOfRange.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors: [{ path: 'rank', message: 'must be a whole number from 1 to 10' }],
    });
    expect((await current()).version).toBe(before.version + 1);
  });

  it("keeps every version's full list, newest first", async () => {
    const res = await t.gql(
      `{ submissions(gssCode: "${CAMDEN}") { version action submittedBy borough { gssCode } systems { rank name } } }`,
    );
    const versions = res.data!.submissions;
    const latest = (await current()).version;
    expect(versions.map((v: { version: number }) => v.version)).toEqual(
      Array.from({ length: latest }, (_, i) => latest - i),
    );
    expect(versions.at(-1)).toMatchObject({
      version: 1,
      action: 'seed',
      submittedBy: 'Demo data',
      borough: { gssCode: CAMDEN },
    });
    expect(versions.at(-1).systems).toHaveLength(10);
    expect(versions.at(-2).systems.map((s: { name: string }) => s.name)).toEqual([
      'Housing',
      'ERP',
    ]);
  });

  it('answers what a list said at an instant', async () => {
    const ISLINGTON = 'E09000019';
    const at = (instant: string) =>
      t.gql(
        `query($at: DateTime!) { submissionAt(gssCode: "${ISLINGTON}", at: $at) { version systems { name } } }`,
        { at: instant },
      );
    try {
      t.clock.set(new Date('2027-03-01T12:00:00Z'));
      await t.gql(SUBMIT, { gssCode: ISLINGTON, systems: [entry(1, { name: 'March list' })] });
      t.clock.set(new Date('2027-04-01T12:00:00Z'));
      await t.gql(SUBMIT, { gssCode: ISLINGTON, systems: [entry(1, { name: 'April list' })] });
    } finally {
      t.clock.set(new Date('2026-11-26T09:00:00Z'));
    }
    expect((await at('2026-11-26T08:59:59Z')).data!.submissionAt).toBeNull();
    const seeded = (await at('2027-03-01T11:59:59Z')).data!.submissionAt;
    expect(seeded.version).toBe(1);
    expect(seeded.systems).toHaveLength(10);
    expect((await at('2027-03-01T12:00:00Z')).data!.submissionAt).toEqual({
      version: 2,
      systems: [{ name: 'March list' }],
    });
    expect((await at('2030-01-01T00:00:00Z')).data!.submissionAt).toEqual({
      version: 3,
      systems: [{ name: 'April list' }],
    });
    expect(codes(await at('1 March'))).toEqual(['BAD_USER_INPUT']);
  });

  it('says CONFLICT and changes nothing when expectedVersion is stale', async () => {
    const before = await current();
    const res = await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      expectedVersion: before.version - 1,
      systems: [entry(1)],
    });
    expect(codes(res)).toEqual(['CONFLICT']);
    expect(res.errors![0].extensions.currentVersion).toBe(before.version);
    expect(await current()).toEqual(before);
  });

  it('says NOT_FOUND for an unknown borough', async () => {
    const res = await t.gql(SUBMIT, { gssCode: 'E09000099', systems: [entry(1)] });
    expect(codes(res)).toEqual(['NOT_FOUND']);
  });

  it('merges one supplier into another so later submissions under the old name resolve to it', async () => {
    await t.gql(SUBMIT, {
      gssCode: HACKNEY,
      systems: [
        entry(1, { supplierName: 'Northgate Public Services' }),
        entry(2, {
          supplierName: 'Acme Housing Software',
          productName: 'NEC Housing',
          categoryCode: 'housing-management',
          contractReference: 'REF-9',
        }),
      ],
    });
    const list = await t.gql(`{ suppliers { id name } }`);
    const acme = list.data!.suppliers.find(
      (s: { name: string }) => s.name === 'Acme Housing Software',
    );
    const nec = (await t.gql(`{ suppliers(search: "00968498") { id name } }`)).data!.suppliers[0];

    for (const key of ['demo-coordinator', 'demo-hck']) {
      const refused = await t.gql(
        `mutation($f: ID!, $i: ID!) { mergeSuppliers(fromId: $f, intoId: $i) { id } }`,
        { f: acme.id, i: nec.id },
        key,
      );
      expect(codes(refused)).toEqual(['FORBIDDEN']);
    }

    const merged = await t.gql(
      `mutation($f: ID!, $i: ID!) { mergeSuppliers(fromId: $f, intoId: $i) { id name aliases systems { borough { gssCode } rank product { name } } } }`,
      { f: acme.id, i: nec.id },
    );
    expect(merged.errors).toBeUndefined();
    expect(merged.data!.mergeSuppliers.aliases).toContain('Acme Housing Software');
    expect(
      merged
        .data!.mergeSuppliers.systems.filter(
          (s: { borough: { gssCode: string } }) => s.borough.gssCode === HACKNEY,
        )
        .map((s: { rank: number }) => s.rank),
    ).toEqual([1, 2]);

    await t.gql(SUBMIT, {
      gssCode: HACKNEY,
      systems: [entry(1, { supplierName: 'ACME Housing Software Ltd' })],
    });
    expect((await current(HACKNEY)).systems[0].supplier.id).toBe(nec.id);
    const gone = await t.gql(`{ suppliers(search: "Acme") { id } }`);
    expect(gone.data!.suppliers.map((s: { id: string }) => s.id)).toEqual([nec.id]);
  });
});
