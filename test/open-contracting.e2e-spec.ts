import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAMDEN, entry, HACKNEY, SUBMIT } from './helpers/lists';
import { releasePackageValidator, schemaErrors } from './helpers/ocds-schema';
import { codes, createTestApp, fieldPaths, TestApp } from './helpers/test-app';

const PROPOSE = `
  query($gssCode: String!, $json: String!) {
    proposeSystemsFromOcds(gssCode: $gssCode, json: $json) {
      name categoryCode supplierName supplierCompaniesHouseNumber contractReference
      contractStart contractEnd maxExtentDate annualValueGbp totalValueGbp sourceOcid
      missing { field reason }
    }
  }`;
const SYSTEMS = `{ systems(limit: 10000) { id rank name contractStart contractEnd maxExtentDate annualValueGbp
  totalValueGbp updatedAt borough { gssCode laeCode name } category { code cpv }
  supplier { name companiesHouseNumber } } }`;
const STATE = `query($g: String!) { borough(gssCode: $g) { version } auditEvents(limit: 500) { id } }`;

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/ocds', name), 'utf8');

type Release = Record<string, any>;

/** A borough's list with one entry of required fields only and one with every field given. */
const EMPTY = entry(1, {
  name: 'Housing management',
  categoryCode: 'housing-management',
  supplierName: 'Orchard Systems',
  contractReference: null,
  contractEnd: '2027-06-30',
});
const FULL = entry(2, {
  name: 'Revenues & Benefits <main> "system"',
  categoryCode: 'revenues-benefits',
  supplierName: 'NEC Software Solutions UK Ltd',
  supplierCompaniesHouseNumber: '00968498',
  productName: 'Revenues & Benefits',
  productManufacturerName: 'NEC Software Solutions UK Ltd',
  contractReference: 'HCK-2022-017',
  contractStart: '2022-04-01',
  contractEnd: '2027-03-31',
  maxExtentDate: '2029-03-31',
  noticePeriodDays: 180,
  annualValueGbp: 480_000,
  totalValueGbp: 2_400_000,
  hosting: 'SUPPLIER_HOSTED',
  routeToMarket: 'CCS RM6259 Lot 3',
  openToCollaboration: false,
  notes: 'Includes the £ symbol and ünïcode',
  renewalDecision: 'EXTEND',
  decisionNote: 'Cabinet, 3 May',
});

describe('Open contracting: OCDS export and proposals (e2e)', () => {
  let t: TestApp;
  const validate = releasePackageValidator();
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const download = async (path: string, key: string | null = 'demo-admin') => {
    const req = t.http().get(path);
    if (key) req.set('authorization', `Bearer ${key}`);
    const res = await req.buffer(true).parse((stream, done) => {
      let text = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (text += chunk));
      stream.on('end', () => done(null, text));
    });
    return { status: res.status, headers: res.headers, text: res.body as string };
  };
  const propose = (gssCode: string, json: string, key = 'demo-cmd') =>
    t.gql(PROPOSE, { gssCode, json }, key);

  it('exports the demo register as a release package valid against the OCDS 1.1.5 schema, one release per system', async () => {
    const res = await download('/exports/ocds.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="ocds.json"');
    const data = JSON.parse(res.text);
    expect(schemaErrors(validate, data)).toEqual([]);
    const systems = (await t.gql(SYSTEMS)).data!.systems;
    expect(data.releases).toHaveLength(systems.length);
    expect(new Set(data.releases.map((r: Release) => r.ocid))).toEqual(
      new Set(systems.map((s: { id: string }) => `ocds-lonreg-${s.id}`)),
    );
    expect(data).toMatchObject({
      uri: 'http://localhost:3000/exports/ocds.json',
      version: '1.1',
      publisher: { name: 'Contract Register' },
    });
  });

  it('has a validator that fails on what the schema forbids', () => {
    const release = {
      ocid: 'x',
      id: '1',
      date: 'yesterday',
      tag: ['signed'],
      initiationType: 'tender',
    };
    const bad = {
      uri: 'u',
      publisher: { name: 'p' },
      publishedDate: 'now',
      version: '1.1',
      releases: [release],
    };
    expect(schemaErrors(validate, bad)).toEqual(
      expect.arrayContaining([
        '/publishedDate must match format "date-time"',
        '/releases/0/date must match format "date-time"',
        '/releases/0/tag/0 must be equal to one of the allowed values',
      ]),
    );
  });

  it('maps each field of an entry as DESIGN §7 says', async () => {
    const systems = (await t.gql(SYSTEMS)).data!.systems;
    const system = systems.find(
      (s: Release) =>
        s.borough.gssCode === CAMDEN && s.supplier.companiesHouseNumber && s.contractStart,
    );
    const { text } = await download(`/exports/${CAMDEN}/ocds.json`);
    const release = JSON.parse(text).releases.find((r: Release) => r.ocid.endsWith(system.id));
    const lae = system.borough.laeCode;
    const supplierId = `GB-COH-${system.supplier.companiesHouseNumber}`;
    const day = (date: string | null) => (date ? `${date}T00:00:00Z` : undefined);
    expect(release).toMatchObject({
      ocid: `ocds-lonreg-${system.id}`,
      date: system.updatedAt,
      tag: ['contract'],
      initiationType: 'tender',
      buyer: { id: `GB-LAE-${lae}`, name: system.borough.name },
      parties: [
        {
          id: `GB-LAE-${lae}`,
          roles: ['buyer'],
          identifier: { scheme: 'GB-LAE', id: lae },
        },
        {
          id: supplierId,
          name: system.supplier.name,
          roles: ['supplier'],
          identifier: { scheme: 'GB-COH', id: system.supplier.companiesHouseNumber },
        },
      ],
      awards: [{ suppliers: [{ id: supplierId, name: system.supplier.name }] }],
      contracts: [
        {
          title: system.name,
          status: 'active',
          period: JSON.parse(
            JSON.stringify({
              startDate: day(system.contractStart),
              endDate: day(system.contractEnd),
              maxExtentDate: day(system.maxExtentDate),
            }),
          ),
          items: [{ classification: { scheme: 'CPV', id: system.category.cpv } }],
        },
      ],
    });
    expect(release.contracts[0].awardID).toBe(release.awards[0].id);
  });

  it('exports a list with every optional field empty and one with every field full, both valid, and proposes the same entries back', async () => {
    const submitted = await t.gql(
      SUBMIT,
      { gssCode: HACKNEY, systems: [EMPTY, FULL] },
      'demo-admin',
    );
    expect(submitted.errors).toBeUndefined();
    const { status, text } = await download(`/exports/${HACKNEY}/ocds.json`, 'demo-hck');
    expect(status).toBe(200);
    const data = JSON.parse(text);
    expect(schemaErrors(validate, data)).toEqual([]);
    expect(data.releases).toHaveLength(2);
    const [empty, full] = data.releases as Release[];
    expect(empty.contracts[0]).toEqual({
      id: expect.any(String),
      awardID: empty.awards[0].id,
      title: 'Housing management',
      description: 'Housing Management.',
      status: 'active',
      period: { endDate: '2027-06-30T00:00:00Z' },
      items: [
        {
          id: '1',
          description: 'Housing Management',
          classification: { scheme: 'CPV', id: '48000000' },
        },
      ],
    });
    expect(empty.parties[1]).toEqual({
      id: expect.stringMatching(/^supplier-/),
      name: 'Orchard Systems',
      roles: ['supplier'],
    });
    expect(full.contracts[0]).toMatchObject({
      title: 'Revenues & Benefits <main> "system"',
      description:
        'Revenues & Benefits: Revenues & Benefits. Annual value £480,000. Total value £2,400,000. Renewal decision: extend (Cabinet, 3 May).',
      period: {
        startDate: '2022-04-01T00:00:00Z',
        endDate: '2027-03-31T00:00:00Z',
        maxExtentDate: '2029-03-31T00:00:00Z',
      },
      value: { amount: 480_000, currency: 'GBP' },
      totalValue: { amount: 2_400_000, currency: 'GBP' },
    });

    const proposed = await propose(HACKNEY, text, 'demo-hck');
    expect(proposed.errors).toBeUndefined();
    expect(proposed.data!.proposeSystemsFromOcds).toEqual([
      {
        name: FULL.name,
        categoryCode: 'revenues-benefits',
        supplierName: FULL.supplierName,
        supplierCompaniesHouseNumber: '00968498',
        contractReference: full.ocid,
        contractStart: '2022-04-01',
        contractEnd: '2027-03-31',
        maxExtentDate: '2029-03-31',
        annualValueGbp: 480_000,
        totalValueGbp: 2_400_000,
        sourceOcid: full.ocid,
        missing: [],
      },
      {
        name: 'Housing management',
        categoryCode: 'housing-management',
        supplierName: 'Orchard Systems',
        supplierCompaniesHouseNumber: null,
        contractReference: empty.ocid,
        contractStart: null,
        contractEnd: '2027-06-30',
        maxExtentDate: null,
        annualValueGbp: null,
        totalValueGbp: null,
        sourceOcid: empty.ocid,
        missing: [
          {
            field: 'supplierCompaniesHouseNumber',
            reason: 'the notice gives the supplier no GB-COH (Companies House) identifier',
          },
          { field: 'contractStart', reason: 'the notice gives no start date' },
          {
            field: 'maxExtentDate',
            reason: 'the notice gives no maximum extent date (how far extensions can run)',
          },
          { field: 'totalValueGbp', reason: 'the notice gives no value' },
          { field: 'annualValueGbp', reason: 'the notice gives no value' },
        ],
      },
    ]);
  });

  it('proposes from Find a Tender, Contracts Finder and record-package files over GraphQL, writing nothing', async () => {
    const before = await t.gql(STATE, { g: CAMDEN });
    const names = async (file: string) => {
      const res = await propose(CAMDEN, fixture(file));
      expect(res.errors).toBeUndefined();
      return res.data!.proposeSystemsFromOcds.map((p: { name: string }) => p.name);
    };
    expect(await names('find-a-tender-camden.json')).toEqual([
      'Revenues and Benefits System',
      'Managed hosting service',
    ]);
    expect(await names('contracts-finder-camden.json')).toEqual([
      'Telephony and contact centre platform',
      'CRM and customer portal',
    ]);
    expect(await names('record-package-camden.json')).toEqual([
      'Electoral registration software',
      'Parking enforcement system',
    ]);
    expect(await t.gql(STATE, { g: CAMDEN })).toEqual(before);
  });

  it('refuses a malformed or non-OCDS file with BAD_USER_INPUT naming the path', async () => {
    const malformed = await propose(CAMDEN, '{"releases": [');
    expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(fieldPaths(malformed)).toEqual(['json']);
    expect(malformed.errors![0].message).toMatch(/^Invalid input: json: is not valid JSON: /);
    const other = await propose(
      CAMDEN,
      JSON.stringify({ releases: [{ ocid: 'x', awards: 'none' }] }),
    );
    expect(codes(other)).toEqual(['BAD_USER_INPUT']);
    expect(fieldPaths(other)).toEqual(['json.releases.0.awards']);
  });

  it('takes a file up to 10 MB from a key that may import, and holds others to the 1 MB body limit', async () => {
    const padding = 'x'.repeat(10 * 2 ** 20);
    const big = JSON.stringify({ releases: [{ ocid: 'x', description: padding }] });
    const refused = await propose(CAMDEN, big);
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0].extensions.fieldErrors).toEqual([
      { path: 'json', message: 'is larger than 10 MB' },
    ]);
    const nearly = JSON.stringify({
      releases: [{ ocid: 'x', description: 'x'.repeat(9 * 2 ** 20) }],
    });
    const read = await propose(CAMDEN, nearly);
    expect(read.errors).toBeUndefined();
    expect(read.data!.proposeSystemsFromOcds).toEqual([]);
    const coordinator = await propose(
      CAMDEN,
      JSON.stringify({ releases: [], padding }),
      'demo-coordinator',
    );
    expect(coordinator.status).toBe(413);
  });

  it('answers 404 rather than an empty package for a borough with no list (OCDS wants a release)', async () => {
    const city = 'E09000001';
    const REMOVE = `mutation($g: String!, $r: Int!) { removeSystem(gssCode: $g, rank: $r) { version } }`;
    const listed = (await t.gql(SYSTEMS)).data!.systems.filter(
      (s: Release) => s.borough.gssCode === city,
    );
    expect(listed.length).toBeGreaterThan(0);
    for (const { rank } of listed) {
      const removed = await t.gql(REMOVE, { g: city, r: rank });
      expect(removed.errors).toBeUndefined();
    }
    expect(
      (await t.gql(SYSTEMS)).data!.systems.some((s: Release) => s.borough.gssCode === city),
    ).toBe(false);
    const res = await download(`/exports/${city}/ocds.json`);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.text).errors[0]).toEqual({
      message: `${city} has no current systems, so there is nothing to publish as OCDS`,
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('lets a borough lead propose and export for its own borough only, and a coordinator export but not propose', async () => {
    const json = fixture('find-a-tender-camden.json');
    expect(codes(await propose(HACKNEY, json, 'demo-cmd'))).toEqual(['FORBIDDEN']);
    expect(codes(await propose(CAMDEN, json, 'demo-coordinator'))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(PROPOSE, { gssCode: CAMDEN, json }, null))).toEqual([
      'UNAUTHENTICATED',
    ]);
    expect((await propose(CAMDEN, json, 'demo-admin')).data!.proposeSystemsFromOcds).toHaveLength(
      2,
    );
    expect(codes(await propose('E09000099', json, 'demo-admin'))).toEqual(['NOT_FOUND']);

    expect((await download(`/exports/${HACKNEY}/ocds.json`, 'demo-cmd')).status).toBe(403);
    expect((await download(`/exports/${CAMDEN}/ocds.json`, null)).status).toBe(401);
    expect((await download('/exports/E09000099/ocds.json')).status).toBe(404);
    const own = JSON.parse((await download('/exports/ocds.json', 'demo-cmd')).text);
    expect(new Set(own.releases.map((r: Release) => r.buyer.id))).toEqual(new Set(['GB-LAE-CMD']));
    const all = JSON.parse((await download('/exports/ocds.json', 'demo-coordinator')).text);
    const systems = (await t.gql(SYSTEMS)).data!.systems as Release[];
    expect(new Set(all.releases.map((r: Release) => r.buyer.id))).toEqual(
      new Set(systems.map((s) => `GB-LAE-${s.borough.laeCode}`)),
    );
  });
});
