import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { councilName, mergeReleases, Proposal, proposeSystems } from './propose-systems';
import { readOcds } from './read-ocds';

const CATEGORIES = JSON.parse(
  readFileSync(join(__dirname, '../../seeds/categories.json'), 'utf8'),
) as { code: string; name: string; cpv: string }[];
const CAMDEN = { laeCode: 'CMD', name: 'London Borough of Camden', shortName: 'Camden' };
const fixture = (name: string) =>
  readFileSync(join(__dirname, '../../test/fixtures/ocds', name), 'utf8');
const proposeFrom = (name: string) => proposeSystems(readOcds(fixture(name)), CAMDEN, CATEGORIES);

const proposal = (overrides: Partial<Proposal>): Proposal => ({
  name: null,
  categoryCode: null,
  supplierName: null,
  supplierCompaniesHouseNumber: null,
  contractReference: overrides.sourceOcid!,
  contractStart: null,
  contractEnd: null,
  maxExtentDate: null,
  annualValueGbp: null,
  totalValueGbp: null,
  sourceOcid: overrides.sourceOcid!,
  missing: [],
  ...overrides,
});

describe(proposeSystems.name, () => {
  it("proposes a borough's own IT contracts from a Find a Tender release package, releases of one ocid merged latest first", () => {
    const { proposals, leftOut } = proposeFrom('find-a-tender-camden.json');
    expect(proposals).toEqual([
      proposal({
        sourceOcid: 'ocds-h6vhtk-03a7c1',
        name: 'Revenues and Benefits System',
        categoryCode: 'revenues-benefits',
        supplierName: 'NEC Software Solutions UK Limited',
        supplierCompaniesHouseNumber: '00968498',
        contractStart: '2022-04-01',
        contractEnd: '2027-03-31',
        // The 2024 amendment's, over the award's 2028 and the tender's none.
        maxExtentDate: '2029-03-31',
        totalValueGbp: 2_500_000,
        annualValueGbp: 500_000,
      }),
      proposal({
        sourceOcid: 'ocds-h6vhtk-03d077',
        name: 'Managed hosting service',
        categoryCode: 'hosting-managed-service',
        supplierName: 'Cloud Hosting Partners LLP',
        contractStart: '2025-01-01',
        missing: [
          {
            field: 'supplierCompaniesHouseNumber',
            reason: 'the notice gives the supplier no GB-COH (Companies House) identifier',
          },
          { field: 'contractEnd', reason: 'the notice gives no end date' },
          {
            field: 'maxExtentDate',
            reason: 'the notice gives no maximum extent date (how far extensions can run)',
          },
          { field: 'totalValueGbp', reason: 'the notice gives no value' },
          { field: 'annualValueGbp', reason: 'the notice gives no value' },
        ],
      }),
    ]);
    expect(leftOut).toEqual({ otherBuyer: 1, notIt: 1, works: 1, notAwarded: 0, ended: 1 });
  });

  it("finds the buyer by name when Contracts Finder gives no GB-LAE identifier, and not another body's name containing it", () => {
    const { proposals, leftOut } = proposeFrom('contracts-finder-camden.json');
    expect(proposals).toEqual([
      proposal({
        sourceOcid: 'ocds-b5fd17-6d3b9a1e-1f2c-4a5b-9c8d-7e6f5a4b3c2d',
        name: 'Telephony and contact centre platform',
        // CPV 64210000 sits under the telephony and network categories' 64200000: the title says which.
        categoryCode: 'telephony',
        supplierName: 'Contact Centre Systems Ltd',
        supplierCompaniesHouseNumber: '02792398',
        contractStart: '2024-06-01',
        contractEnd: '2027-05-31',
        totalValueGbp: 360_000,
        annualValueGbp: 120_000,
        missing: [
          {
            field: 'maxExtentDate',
            reason: 'the notice gives no maximum extent date (how far extensions can run)',
          },
        ],
      }),
      proposal({
        sourceOcid: 'ocds-b5fd17-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
        name: 'CRM and customer portal',
        categoryCode: 'crm',
        supplierName: 'Portal Software Ltd',
        supplierCompaniesHouseNumber: 'SC412233',
        contractStart: '2025-03-01',
        contractEnd: '2028-02-29',
        missing: [
          {
            field: 'maxExtentDate',
            reason: 'the notice gives no maximum extent date (how far extensions can run)',
          },
          {
            field: 'totalValueGbp',
            reason: 'the notice gives the value in another currency than GBP',
          },
          {
            field: 'annualValueGbp',
            reason: 'the notice gives the value in another currency than GBP',
          },
        ],
      }),
    ]);
    expect(leftOut).toEqual({ otherBuyer: 1, notIt: 0, works: 0, notAwarded: 0, ended: 0 });
  });

  it("reads a record package's compiled releases, and merges its embedded ones", () => {
    const { proposals } = proposeFrom('record-package-camden.json');
    expect(proposals).toEqual([
      proposal({
        sourceOcid: 'ocds-h6vhtk-04a100',
        name: 'Electoral registration software',
        categoryCode: 'electoral-registration',
        supplierName: 'NEC Software Solutions UK Limited',
        supplierCompaniesHouseNumber: '00968498',
        contractStart: '2025-04-01',
        contractEnd: '2028-03-31',
        maxExtentDate: '2030-03-31',
        totalValueGbp: 450_000,
        annualValueGbp: 150_000,
      }),
      proposal({
        sourceOcid: 'ocds-h6vhtk-04a200',
        name: 'Parking enforcement system',
        categoryCode: 'parking',
        supplierName: 'NEC Software Solutions UK Limited',
        supplierCompaniesHouseNumber: '00968498',
        contractStart: '2023-05-01',
        // 1,096 days from the start, counting it.
        contractEnd: '2026-04-30',
        totalValueGbp: 300_000,
        annualValueGbp: 100_000,
        missing: [
          {
            field: 'maxExtentDate',
            reason: 'the notice gives no maximum extent date (how far extensions can run)',
          },
        ],
      }),
    ]);
  });

  it('proposes nothing of another borough', () => {
    const islington = {
      laeCode: 'ISL',
      name: 'London Borough of Islington',
      shortName: 'Islington',
    };
    const { proposals } = proposeSystems(
      readOcds(fixture('find-a-tender-camden.json')),
      islington,
      CATEGORIES,
    );
    expect(proposals.map((p) => p.name)).toEqual(['Housing Management System']);
  });

  it('leaves out a tender not yet awarded, and proposes from a title alone when a notice has no classification', () => {
    const release = (ocid: string, extra: object) => ({
      ocid,
      id: `${ocid}-1`,
      date: '2025-01-01T00:00:00Z',
      tag: ['tender'],
      initiationType: 'tender',
      buyer: { name: 'London Borough of Camden' },
      ...extra,
    });
    const text = JSON.stringify([
      release('ocds-x-1', { tender: { id: '1', title: 'Housing management system' } }),
      release('ocds-x-2', {
        awards: [{ id: '1', title: 'Social care case management software', suppliers: [] }],
      }),
      release('ocds-x-3', { awards: [{ id: '1', title: 'Grounds maintenance' }] }),
    ]);
    const { proposals, leftOut } = proposeSystems(readOcds(text), CAMDEN, CATEGORIES);
    expect(proposals.map((p) => [p.name, p.categoryCode, p.missing[0]])).toEqual([
      [
        'Social care case management software',
        null,
        { field: 'categoryCode', reason: 'the notice gives no CPV code: choose one' },
      ],
    ]);
    expect(leftOut).toEqual({ otherBuyer: 0, notIt: 1, works: 0, notAwarded: 1, ended: 0 });
  });

  it('bounds what a notice may say: no end from an absurd duration, no value too large for the register', () => {
    const text = JSON.stringify([
      {
        ocid: 'ocds-x-9',
        date: '2025-01-01T00:00:00Z',
        buyer: { name: 'Camden London Borough Council' },
        awards: [
          {
            id: '1',
            title: 'Case management software',
            suppliers: [{ name: 'S Ltd' }],
            value: { amount: 1e300, currency: 'GBP' },
            contractPeriod: { startDate: '2025-01-01T00:00:00Z', durationInDays: 1e9 },
          },
        ],
      },
    ]);
    const { proposals } = proposeSystems(readOcds(text), CAMDEN, CATEGORIES);
    expect(proposals).toHaveLength(1);
    expect(proposals[0]).toMatchObject({
      contractEnd: null,
      totalValueGbp: null,
      annualValueGbp: null,
    });
    expect(proposals[0].missing).toEqual(
      expect.arrayContaining([
        { field: 'contractEnd', reason: 'the notice gives no end date' },
        { field: 'totalValueGbp', reason: 'the value is too large for the register' },
      ]),
    );
  });
});

describe(mergeReleases.name, () => {
  it('orders releases by the instant of their date, whatever offset each is written in', () => {
    const merged = mergeReleases([
      { ocid: 'o', date: '2024-06-01T08:26:00+01:00', tender: { title: 'earlier' } },
      { ocid: 'o', date: '2024-06-01T07:30:00Z', tender: { title: 'later' } },
    ]);
    expect(merged.tender).toEqual({ title: 'later' });
  });

  it('lets later releases win field by field, merges lists by id, and removes a field set to null', () => {
    const merged = mergeReleases([
      {
        ocid: 'o',
        date: '2024-02-01T00:00:00Z',
        awards: [{ id: 'a', status: 'active' }],
        tender: null,
      },
      {
        ocid: 'o',
        date: '2024-01-01T00:00:00Z',
        tender: { title: 'T', value: { amount: 1 } },
        awards: [{ id: 'a', status: 'pending', title: 'A' }, { id: 'b' }],
      },
    ]);
    expect(merged).toEqual({
      ocid: 'o',
      date: '2024-02-01T00:00:00Z',
      awards: [{ id: 'a', status: 'active', title: 'A' }, { id: 'b' }],
    });
  });
});

describe(councilName.name, () => {
  it.each([
    ['London Borough of Camden', 'camden'],
    ['Camden Council', 'camden'],
    ['CAMDEN BOROUGH COUNCIL', 'camden'],
    ['Royal Borough of Kensington & Chelsea', 'kensington and chelsea'],
    ['Camden London Borough Council', 'camden'],
    ['Camden Town Unlimited', 'camden town unlimited'],
  ])('reads %s as %s', (given, name) => {
    expect(councilName(given)).toBe(name);
  });
});
