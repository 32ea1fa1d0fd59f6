import { RenewalDecision } from '../systems/renewal-decision';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import fc from 'fast-check';
import { ClusterSystem, findClusters } from '../../test/helpers/cluster-systems';
import { Cluster, ClusterOptions, DEFAULT_CLUSTER_OPTIONS } from './find-clusters';
import { ClusterGrouping } from './cluster-grouping';

dayjs.extend(utc);
const plusMonths = (date: string, n: number) =>
  dayjs.utc(date).add(n, 'month').format('YYYY-MM-DD');

const ASOF = '2026-11-26';
const CATEGORIES: Record<string, [string, number]> = {
  housing: ['Housing Management', 18],
  erp: ['ERP: Finance, HR & Payroll', 24],
  crm: ['CRM & Customer Portal', 12],
};
const SUPPLIERS: Record<string, string> = {
  nec: 'NEC Software Solutions UK Ltd',
  mri: 'MRI Software Ltd',
  access: 'The Access Group',
};
const PRODUCTS: Record<string, [string, string]> = {
  necHousing: ['NEC Housing', 'nec'],
  openHousing: ['Open Housing', 'mri'],
  mosaic: ['Mosaic', 'access'],
};

let counter = 0;
function sys(
  overrides: Partial<ClusterSystem> & {
    category?: string;
    supplier?: string;
    product?: string | null;
    borough?: number;
  } = {},
): ClusterSystem {
  const { category = 'housing', supplier, product = null, borough = 1, ...rest } = overrides;
  const productSupplier = product ? PRODUCTS[product][1] : undefined;
  const supplierId = supplier ?? productSupplier ?? 'nec';
  return {
    id: `s${String(++counter).padStart(4, '0')}`,
    boroughId: `b${borough}`,
    boroughName: `Borough ${String(borough).padStart(2, '0')}`,
    rank: 1,
    categoryId: category,
    categoryName: CATEGORIES[category][0],
    categoryLeadTimeMonths: CATEGORIES[category][1],
    supplierId,
    supplierName: SUPPLIERS[supplierId],
    productId: product,
    productName: product ? PRODUCTS[product][0] : null,
    productMakerName: productSupplier ? SUPPLIERS[productSupplier] : null,
    contractEnd: '2027-06-30',
    maxExtentDate: null,
    openToCollaboration: true,
    annualValueGbp: null,
    renewalDecision: RenewalDecision.UNDECIDED,
    ...rest,
  };
}

const options = (o: Partial<ClusterOptions> = {}): ClusterOptions => ({
  ...DEFAULT_CLUSTER_OPTIONS,
  ...o,
});
const memberIds = (clusters: Cluster[]) =>
  clusters.map((c) => c.members.map((m) => m.system.id).sort());

describe(findClusters.name, () => {
  beforeEach(() => (counter = 0));

  it('groups two boroughs whose housing contracts end within six months', () => {
    const a = sys({ borough: 1, contractEnd: '2027-03-31', annualValueGbp: 400_000 });
    const b = sys({ borough: 2, contractEnd: '2027-06-30', annualValueGbp: 250_000 });
    const [cluster, ...rest] = findClusters([a, b], options(), ASOF);
    expect(rest).toEqual([]);
    expect(cluster).toEqual({
      id: expect.stringMatching(/^cl_[0-9a-f]{24}$/),
      groupBy: ClusterGrouping.CATEGORY,
      keyId: 'housing',
      key: 'Housing Management',
      members: [
        { system: a, systemId: a.id, alignedEnd: '2027-03-31', needsExtension: false },
        { system: b, systemId: b.id, alignedEnd: '2027-06-30', needsExtension: false },
      ],
      boroughIds: ['b1', 'b2'],
      boroughCount: 2,
      earliestEnd: '2027-03-31',
      latestEnd: '2027-06-30',
      window: { start: '2027-03-31', end: '2027-06-30' },
      combinedAnnualValueGbp: 650_000,
      valueKnownCount: 2,
      leadTimeMonths: 18,
      actionBy: '2025-09-30',
      urgent: true,
      lastChanceBy: '2025-09-30',
      tooLate: true,
      suppliers: [{ id: 'nec', name: SUPPLIERS.nec, count: 2 }],
      products: [],
      decisions: [{ decision: RenewalDecision.UNDECIDED, count: 2 }],
    });
  });

  it('leaves apart two contracts more than the spread apart when neither can be extended', () => {
    const a = sys({ borough: 1, contractEnd: '2027-01-31' });
    const b = sys({ borough: 2, contractEnd: '2027-09-30' });
    expect(findClusters([a, b], options(), ASOF)).toEqual([]);
  });

  it('aligns them when an advertised extension reaches the other, and says which needs it', () => {
    const a = sys({ borough: 1, contractEnd: '2027-01-31', maxExtentDate: '2028-01-31' });
    const b = sys({ borough: 2, contractEnd: '2027-09-30' });
    const [cluster] = findClusters([a, b], options(), ASOF);
    expect(cluster.members).toEqual([
      { system: a, systemId: a.id, alignedEnd: '2027-09-30', needsExtension: true },
      { system: b, systemId: b.id, alignedEnd: '2027-09-30', needsExtension: false },
    ]);
    expect(cluster.window).toEqual({ start: '2027-09-30', end: '2027-09-30' });
    expect(cluster.earliestEnd).toBe('2027-01-31');
    expect(cluster.actionBy).toBe('2026-03-30');
  });

  it('says when the last chance is: the first member to run out of extensions, less the lead time', () => {
    // Both must start by March 2026 to align on their ends (urgent), but their extensions reach
    // mid-2029, so a joint procurement started before the end of 2027 still covers both.
    const a = sys({ borough: 1, contractEnd: '2027-06-30', maxExtentDate: '2029-06-30' });
    const b = sys({ borough: 2, contractEnd: '2027-09-30', maxExtentDate: '2029-09-30' });
    const [cluster] = findClusters([a, b], options(), ASOF);
    expect(cluster.actionBy).toBe('2026-03-30');
    expect(cluster.urgent).toBe(true);
    expect(cluster.lastChanceBy).toBe('2027-12-30');
    expect(cluster.tooLate).toBe(false);
    // Without extensions the last chance is the first end itself, already past.
    const [plain] = findClusters(
      [a, b],
      options({ useExtensions: false, maxSpreadMonths: 6 }),
      ASOF,
    );
    expect(plain.lastChanceBy).toBe('2025-12-30');
    expect(plain.tooLate).toBe(true);
  });

  it('ignores extensions when useExtensions is false', () => {
    const a = sys({ borough: 1, contractEnd: '2027-01-31', maxExtentDate: '2028-01-31' });
    const b = sys({ borough: 2, contractEnd: '2027-09-30' });
    expect(findClusters([a, b], options({ useExtensions: false }), ASOF)).toEqual([]);
  });

  it('splits a chain A–B–C whose ends are too far apart: {A, B} and C left out', () => {
    const a = sys({ borough: 1, contractEnd: '2027-01-15' });
    const b = sys({ borough: 2, contractEnd: '2027-05-15' });
    const c = sys({ borough: 3, contractEnd: '2027-09-15' });
    expect(memberIds(findClusters([c, b, a], options(), ASOF))).toEqual([[a.id, b.id]]);
  });

  it('pairs C with a fourth borough that can end with it', () => {
    const a = sys({ borough: 1, contractEnd: '2027-01-15' });
    const b = sys({ borough: 2, contractEnd: '2027-05-15' });
    const c = sys({ borough: 3, contractEnd: '2027-09-15' });
    const d = sys({ borough: 4, contractEnd: '2027-11-15' });
    expect(memberIds(findClusters([a, b, c, d], options(), ASOF))).toEqual([
      [a.id, b.id],
      [c.id, d.id],
    ]);
  });

  it('drops an anchor without partners but keeps the contracts it could have joined', () => {
    // A must be decided first, but only its own borough's B can end with it; B then pairs with C.
    const a = sys({ borough: 1, contractEnd: '2027-01-01' });
    const b = sys({ borough: 1, contractEnd: '2027-02-01' });
    const c = sys({ borough: 2, contractEnd: '2027-07-15' });
    expect(memberIds(findClusters([a, b, c], options(), ASOF))).toEqual([[b.id, c.id]]);
  });

  it.each([
    ['on asOf', ASOF, true],
    ['the day before asOf', '2026-11-25', false],
    ['exactly horizonMonths after asOf', '2027-11-26', true],
    ['a day past the horizon', '2027-11-27', false],
  ])('counts a contract ending %s as eligible: %s', (_, end, eligible) => {
    const x = sys({ borough: 1, contractEnd: end });
    const partner = sys({ borough: 2, contractEnd: end, maxExtentDate: null });
    const clusters = findClusters([x, partner], options({ maxSpreadMonths: 0 }), ASOF);
    expect(clusters.length).toBe(eligible ? 1 : 0);
  });

  it('ends a one-month horizon from 31 January on the last day of February, leap years included', () => {
    const within = sys({ borough: 1, contractEnd: '2028-02-29' });
    const partner = sys({ borough: 2, contractEnd: '2028-02-29' });
    const after = sys({ borough: 3, contractEnd: '2028-03-01' });
    const clusters = findClusters(
      [within, partner, after],
      options({ horizonMonths: 1 }),
      '2028-01-31',
    );
    expect(memberIds(clusters)).toEqual([[within.id, partner.id]]);
    const nonLeap = findClusters(
      [
        sys({ borough: 1, contractEnd: '2027-02-28' }),
        sys({ borough: 2, contractEnd: '2027-03-01' }),
      ],
      options({ horizonMonths: 1 }),
      '2027-01-31',
    );
    expect(nonLeap).toEqual([]);
  });

  it('measures the spread in calendar months: 31 August + 6 months is 29 February in a leap year', () => {
    const a = sys({ borough: 1, contractEnd: '2027-08-31' });
    const onTime = sys({ borough: 2, contractEnd: '2028-02-29' });
    const late = sys({ borough: 2, contractEnd: '2028-03-01' });
    expect(findClusters([a, onTime], options({ horizonMonths: 24 }), ASOF)).toHaveLength(1);
    expect(findClusters([a, late], options({ horizonMonths: 24 }), ASOF)).toEqual([]);
  });

  it('anchors correctly on an extension that reaches the last date the register accepts', () => {
    const a = sys({ borough: 1, contractEnd: '2027-03-31', maxExtentDate: '2199-12-31' });
    const b = sys({ borough: 2, contractEnd: '2027-04-30' });
    const c = sys({ borough: 2, contractEnd: '2027-05-30' });
    const clusters = findClusters([a, b, c], options({ groupBy: ClusterGrouping.SUPPLIER }), ASOF);
    expect(memberIds(clusters)).toEqual([[a.id, b.id, c.id]]);
    expect(clusters[0].boroughCount).toBe(2);
  });

  it('counts boroughs, not systems: one borough with two systems is not a cluster', () => {
    const a = sys({ borough: 1, contractEnd: '2027-03-31' });
    const b = sys({ borough: 1, contractEnd: '2027-04-30', rank: 2 });
    expect(findClusters([a, b], options(), ASOF)).toEqual([]);
    const c = sys({ borough: 2, contractEnd: '2027-05-31' });
    const [cluster] = findClusters([a, b, c], options(), ASOF);
    expect(cluster.members).toHaveLength(3);
    expect(cluster.boroughCount).toBe(2);
  });

  it('needs minBoroughs distinct boroughs', () => {
    const list = [1, 2, 2].map((borough) => sys({ borough, contractEnd: '2027-03-31' }));
    expect(findClusters(list, options({ minBoroughs: 3 }), ASOF)).toEqual([]);
    list.push(sys({ borough: 3, contractEnd: '2027-04-30' }));
    expect(findClusters(list, options({ minBoroughs: 3 }), ASOF)[0].boroughCount).toBe(3);
  });

  it('leaves out contracts not open to collaboration', () => {
    const a = sys({ borough: 1, contractEnd: '2027-03-31' });
    const b = sys({ borough: 2, contractEnd: '2027-03-31', openToCollaboration: false });
    expect(findClusters([a, b], options(), ASOF)).toEqual([]);
  });

  it('leaves out a contract its borough will decommission, whatever else it shares', () => {
    const a = sys({ borough: 1, contractEnd: '2027-03-31' });
    const b = sys({
      borough: 2,
      contractEnd: '2027-03-31',
      renewalDecision: RenewalDecision.DECOMMISSION,
    });
    expect(findClusters([a, b], options(), ASOF)).toEqual([]);
  });

  it("counts the members' decisions, undecided first, leaving out decisions no member has", () => {
    const systems = [
      sys({ borough: 1, contractEnd: '2027-03-31', renewalDecision: RenewalDecision.EXTEND }),
      sys({ borough: 2, contractEnd: '2027-04-30' }),
      sys({ borough: 3, contractEnd: '2027-05-31', renewalDecision: RenewalDecision.EXTEND }),
      sys({ borough: 4, contractEnd: '2027-05-31', renewalDecision: RenewalDecision.REPROCURE }),
    ];
    const [cluster] = findClusters(systems, options(), ASOF);
    expect(cluster.members).toHaveLength(4);
    expect(cluster.decisions).toEqual([
      { decision: RenewalDecision.UNDECIDED, count: 1 },
      { decision: RenewalDecision.REPROCURE, count: 1 },
      { decision: RenewalDecision.EXTEND, count: 2 },
    ]);
  });

  it('groups by product, naming it with its maker, and leaves out systems without a product', () => {
    const a = sys({ borough: 1, category: 'crm', product: 'mosaic', contractEnd: '2027-03-31' });
    const b = sys({
      borough: 2,
      category: 'housing',
      product: 'mosaic',
      contractEnd: '2027-04-30',
    });
    const c = sys({ borough: 3, product: null, supplier: 'access', contractEnd: '2027-04-30' });
    const clusters = findClusters([a, b, c], options({ groupBy: ClusterGrouping.PRODUCT }), ASOF);
    expect(clusters.map((x) => [x.key, x.keyId, x.groupBy])).toEqual([
      ['Mosaic (The Access Group)', 'mosaic', ClusterGrouping.PRODUCT],
    ]);
    expect(memberIds(clusters)).toEqual([[a.id, b.id]]);
  });

  it('groups by supplier across categories, with the largest default lead time', () => {
    const a = sys({ borough: 1, category: 'housing', contractEnd: '2027-03-31' });
    const b = sys({ borough: 2, category: 'erp', contractEnd: '2027-04-30' });
    const [cluster] = findClusters([a, b], options({ groupBy: ClusterGrouping.SUPPLIER }), ASOF);
    expect(cluster.key).toBe(SUPPLIERS.nec);
    expect(cluster.leadTimeMonths).toBe(24);
    expect(cluster.actionBy).toBe('2025-03-31');
  });

  it('uses the leadTimeMonths of the input over the categories, and is not urgent when actionBy is asOf', () => {
    const a = sys({ borough: 1, contractEnd: '2027-05-26' });
    const b = sys({ borough: 2, contractEnd: '2027-05-26' });
    const [cluster] = findClusters([a, b], options({ leadTimeMonths: 6 }), ASOF);
    expect(cluster.leadTimeMonths).toBe(6);
    expect(cluster.actionBy).toBe(ASOF);
    expect(cluster.urgent).toBe(false);
    const [zero] = findClusters([a, b], options({ leadTimeMonths: 0 }), ASOF);
    expect(zero.actionBy).toBe('2027-05-26');
  });

  it('adds up known annual values, counting £0 as known and unknown as 0', () => {
    const list = [
      sys({ borough: 1, annualValueGbp: 2_000_000_000 }),
      sys({ borough: 2, annualValueGbp: 900_000_000 }),
      sys({ borough: 3, annualValueGbp: 0 }),
      sys({ borough: 4, annualValueGbp: null }),
    ];
    const [cluster] = findClusters(list, options(), ASOF);
    expect(cluster.combinedAnnualValueGbp).toBe(2_900_000_000);
    expect(cluster.valueKnownCount).toBe(3);
  });

  it('says how many members are on each supplier and product: "3 on NEC Housing, 2 on Open Housing"', () => {
    const list = [
      ...[1, 2, 3].map((borough) => sys({ borough, product: 'necHousing' })),
      ...[4, 5].map((borough) => sys({ borough, product: 'openHousing' })),
    ];
    const [cluster] = findClusters(list, options(), ASOF);
    expect(cluster.products).toEqual([
      { id: 'necHousing', name: 'NEC Housing (NEC Software Solutions UK Ltd)', count: 3 },
      { id: 'openHousing', name: 'Open Housing (MRI Software Ltd)', count: 2 },
    ]);
    expect(cluster.suppliers).toEqual([
      { id: 'nec', name: SUPPLIERS.nec, count: 3 },
      { id: 'mri', name: SUPPLIERS.mri, count: 2 },
    ]);
  });

  it('orders by actionBy, then more boroughs first, then key, then window end', () => {
    const list = [
      // CRM (12 months' lead) ending 2027-06-30: action by 2026-06-30.
      sys({ borough: 1, category: 'crm', contractEnd: '2027-06-30' }),
      sys({ borough: 2, category: 'crm', contractEnd: '2027-06-30' }),
      // Housing (18 months' lead) ending 2027-06-30: action by 2025-12-30.
      sys({ borough: 1, category: 'housing', contractEnd: '2027-06-30' }),
      sys({ borough: 2, category: 'housing', contractEnd: '2027-06-30' }),
      sys({ borough: 3, category: 'housing', contractEnd: '2027-06-30' }),
      // ERP (24 months' lead) ending 2027-11-26: action by 2025-11-26, the earliest.
      sys({ borough: 1, category: 'erp', contractEnd: '2027-11-26' }),
      sys({ borough: 2, category: 'erp', contractEnd: '2027-11-26' }),
    ];
    const clusters = findClusters(list, options(), ASOF);
    expect(clusters.map((c) => [c.key, c.actionBy, c.boroughCount])).toEqual([
      ['ERP: Finance, HR & Payroll', '2025-11-26', 2],
      ['Housing Management', '2025-12-30', 3],
      ['CRM & Customer Portal', '2026-06-30', 2],
    ]);
  });

  it('gives the same members the same id whatever the day, the options or the input order', () => {
    const a = sys({ borough: 1, contractEnd: '2027-03-31' });
    const b = sys({ borough: 2, contractEnd: '2027-04-30' });
    const first = findClusters([a, b], options(), ASOF)[0].id;
    expect(findClusters([b, a], options({ maxSpreadMonths: 3 }), '2026-12-01')[0].id).toBe(first);
    expect(
      findClusters([a, b], options({ groupBy: ClusterGrouping.SUPPLIER }), ASOF)[0].id,
    ).not.toBe(first);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties over random registers, against an independent brute-force reading of DESIGN §4.

const keyOf = (s: ClusterSystem, groupBy: ClusterGrouping) =>
  groupBy === ClusterGrouping.CATEGORY
    ? s.categoryId
    : groupBy === ClusterGrouping.SUPPLIER
      ? s.supplierId
      : s.productId;

function interval(s: ClusterSystem, o: ClusterOptions) {
  const lo = s.contractEnd;
  const hi = o.useExtensions && s.maxExtentDate ? s.maxExtentDate : lo;
  return { lo, hi };
}

function eligible(s: ClusterSystem, o: ClusterOptions, asOf: string) {
  return (
    s.openToCollaboration &&
    asOf <= s.contractEnd &&
    s.contractEnd <= plusMonths(asOf, o.horizonMonths) &&
    keyOf(s, o.groupBy) !== null
  );
}

function alignable(members: ClusterSystem[], o: ClusterOptions) {
  const los = members.map((m) => interval(m, o).lo);
  const his = members.map((m) => interval(m, o).hi);
  const maxLo = los.reduce((a, b) => (a > b ? a : b));
  const minHi = his.reduce((a, b) => (a < b ? a : b));
  return maxLo <= plusMonths(minHi, o.maxSpreadMonths);
}

/** The rule as written, simulated step by step: O(n²), obviously right. */
function bruteForce(systems: ClusterSystem[], o: ClusterOptions, asOf: string): string[][] {
  const out: string[][] = [];
  const keys = [
    ...new Set(systems.filter((s) => eligible(s, o, asOf)).map((s) => keyOf(s, o.groupBy)!)),
  ];
  for (const key of keys) {
    let pool = systems
      .filter((s) => eligible(s, o, asOf) && keyOf(s, o.groupBy) === key)
      .map((s) => ({
        s,
        ...interval(s, o),
        deadline: plusMonths(interval(s, o).hi, o.maxSpreadMonths),
      }));
    while (pool.length > 0) {
      const p = pool.map((x) => x.deadline).reduce((a, b) => (a < b ? a : b));
      const candidates = pool.filter((x) => x.lo <= p);
      if (new Set(candidates.map((x) => x.s.boroughId)).size >= o.minBoroughs) {
        out.push(candidates.map((x) => x.s.id).sort());
        pool = pool.filter((x) => !candidates.includes(x));
      } else {
        pool = pool.filter((x) => x.deadline !== p);
      }
    }
  }
  return out;
}

const day = (from: string, days: number) => dayjs.utc(from).add(days, 'day').format('YYYY-MM-DD');

const registerArb = (asOf: string) =>
  fc
    .array(
      fc.record({
        borough: fc.integer({ min: 1, max: 6 }),
        category: fc.constantFrom('housing', 'erp', 'crm'),
        product: fc.option(fc.constantFrom('necHousing', 'openHousing', 'mosaic'), { nil: null }),
        supplier: fc.constantFrom('nec', 'mri', 'access'),
        // Mostly inside the usual horizon, a few before asOf or far beyond it.
        endOffset: fc.oneof(
          { weight: 8, arbitrary: fc.integer({ min: 0, max: 400 }) },
          { weight: 1, arbitrary: fc.integer({ min: -40, max: 900 }) },
        ),
        extensionDays: fc.option(fc.integer({ min: 0, max: 900 }), { nil: null, freq: 2 }),
        open: fc.constantFrom(true, true, true, true, true, true, true, true, true, false),
        value: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
      }),
      { minLength: 2, maxLength: 60, size: 'max' },
    )
    .map((rows) => {
      counter = 0;
      return rows.map((r) => {
        const contractEnd = day(asOf, r.endOffset);
        return sys({
          borough: r.borough,
          category: r.category,
          product: r.product,
          supplier: r.product ? undefined : r.supplier,
          contractEnd,
          maxExtentDate: r.extensionDays === null ? null : day(contractEnd, r.extensionDays),
          openToCollaboration: r.open,
          annualValueGbp: r.value,
        });
      });
    });

const optionsArb = fc.record({
  horizonMonths: fc.integer({ min: 1, max: 30 }),
  maxSpreadMonths: fc.integer({ min: 0, max: 12 }),
  minBoroughs: fc.integer({ min: 2, max: 4 }),
  groupBy: fc.constantFrom<ClusterGrouping>(
    ClusterGrouping.CATEGORY,
    ClusterGrouping.SUPPLIER,
    ClusterGrouping.PRODUCT,
  ),
  useExtensions: fc.boolean(),
  leadTimeMonths: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null }),
});

const scenarioArb = fc
  .constantFrom('2026-11-26', '2027-01-31', '2028-02-29', '2027-12-31', '2027-03-28')
  .chain((asOf) => fc.tuple(fc.constant(asOf), registerArb(asOf), optionsArb));

describe(`${findClusters.name} properties`, () => {
  const runs = { numRuns: 400 };

  it('finds clusters in most generated registers, so the properties below are not vacuous', () => {
    const samples = fc.sample(scenarioArb, { numRuns: 200, seed: 42 });
    const withClusters = samples.filter(
      ([asOf, systems, o]) => findClusters(systems, o, asOf).length > 0,
    );
    expect(withClusters.length).toBeGreaterThan(100);
  });

  it('agrees exactly with a brute-force simulation of the rule', () => {
    fc.assert(
      fc.property(scenarioArb, ([asOf, systems, o]) => {
        const fast = memberIds(findClusters(systems, o, asOf)).sort();
        expect(fast).toEqual(bruteForce(systems, o, asOf).sort());
      }),
      runs,
    );
  });

  it('makes only disjoint, alignable clusters of eligible systems with one key and enough boroughs', () => {
    fc.assert(
      fc.property(scenarioArb, ([asOf, systems, o]) => {
        const seen = new Set<string>();
        for (const c of findClusters(systems, o, asOf)) {
          const members = c.members.map((m) => m.system);
          for (const m of members) {
            expect(seen.has(m.id)).toBe(false);
            seen.add(m.id);
            expect(eligible(m, o, asOf)).toBe(true);
            expect(keyOf(m, o.groupBy)).toBe(c.keyId);
          }
          expect(alignable(members, o)).toBe(true);
          expect(c.boroughCount).toBe(new Set(members.map((m) => m.boroughId)).size);
          expect(c.boroughCount).toBeGreaterThanOrEqual(o.minBoroughs);
        }
      }),
      runs,
    );
  });

  it('leaves out no eligible system that could join a cluster and keep it alignable', () => {
    fc.assert(
      fc.property(scenarioArb, ([asOf, systems, o]) => {
        const clusters = findClusters(systems, o, asOf);
        const clustered = new Set(clusters.flatMap((c) => c.members.map((m) => m.system.id)));
        for (const s of systems) {
          if (clustered.has(s.id) || !eligible(s, o, asOf)) continue;
          for (const c of clusters) {
            if (c.keyId !== keyOf(s, o.groupBy)) continue;
            expect(alignable([...c.members.map((m) => m.system), s], o)).toBe(false);
          }
        }
      }),
      runs,
    );
  });

  it('reports each cluster’s figures as defined', () => {
    fc.assert(
      fc.property(scenarioArb, ([asOf, systems, o]) => {
        for (const c of findClusters(systems, o, asOf)) {
          const ivs = c.members.map((m) => interval(m.system, o));
          const maxLo = ivs.map((i) => i.lo).reduce((a, b) => (a > b ? a : b));
          c.members.forEach((m, i) => {
            const expected = ivs[i].hi < maxLo ? ivs[i].hi : maxLo;
            expect(m.alignedEnd).toBe(expected);
            expect(m.needsExtension).toBe(expected > ivs[i].lo);
          });
          const aligned = c.members.map((m) => m.alignedEnd).sort();
          expect(c.window).toEqual({ start: aligned[0], end: aligned[aligned.length - 1] });
          expect(c.earliestEnd).toBe(ivs.map((i) => i.lo).sort()[0]);
          expect(c.latestEnd).toBe(maxLo);
          const lead =
            o.leadTimeMonths ?? Math.max(...c.members.map((m) => m.system.categoryLeadTimeMonths));
          expect(c.leadTimeMonths).toBe(lead);
          expect(c.actionBy).toBe(plusMonths(c.window.start, -lead));
          expect(c.urgent).toBe(c.actionBy < asOf);
          const firstOutOfRoad = ivs.map((i) => i.hi).sort()[0];
          expect(c.lastChanceBy).toBe(plusMonths(firstOutOfRoad, -lead));
          expect(c.tooLate).toBe(c.lastChanceBy < asOf);
          expect(c.lastChanceBy >= c.actionBy).toBe(true);
          expect(c.combinedAnnualValueGbp).toBe(
            c.members.reduce((sum, m) => sum + (m.system.annualValueGbp ?? 0), 0),
          );
          expect(c.valueKnownCount).toBe(
            c.members.filter((m) => m.system.annualValueGbp !== null).length,
          );
          expect(c.suppliers.reduce((n, s) => n + s.count, 0)).toBe(c.members.length);
          expect(c.boroughIds).toEqual([...new Set(c.members.map((m) => m.system.boroughId))]);
          c.members.forEach((m) => expect(m.systemId).toBe(m.system.id));
        }
      }),
      runs,
    );
  });

  it('orders clusters by actionBy, boroughs descending, key, window end and id', () => {
    fc.assert(
      fc.property(scenarioArb, ([asOf, systems, o]) => {
        const clusters = findClusters(systems, o, asOf);
        for (let i = 1; i < clusters.length; i++) {
          const [a, b] = [clusters[i - 1], clusters[i]];
          const ka = [
            a.actionBy,
            String(1000 - a.boroughCount).padStart(4, '0'),
            a.key,
            a.window.end,
            a.id,
          ];
          const kb = [
            b.actionBy,
            String(1000 - b.boroughCount).padStart(4, '0'),
            b.key,
            b.window.end,
            b.id,
          ];
          const firstDifference = ka.findIndex((x, j) => x !== kb[j]);
          expect(firstDifference).toBeGreaterThanOrEqual(0);
          expect(ka[firstDifference] < kb[firstDifference]).toBe(true);
        }
      }),
      runs,
    );
  });

  it('does not depend on the order of its input', () => {
    fc.assert(
      fc.property(
        scenarioArb.chain(([asOf, systems, o]) =>
          fc.tuple(
            fc.constant(asOf),
            fc.constant(systems),
            fc.shuffledSubarray(systems, { minLength: systems.length }),
            fc.constant(o),
          ),
        ),
        ([asOf, systems, shuffled, o]) => {
          expect(findClusters(shuffled, o, asOf)).toEqual(findClusters(systems, o, asOf));
        },
      ),
      runs,
    );
  });
});
