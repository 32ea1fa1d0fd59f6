import dayjs, { Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { CategoryKind } from '../categories/category-kind';
import { Hosting } from '../systems/hosting';
import { RenewalDecision } from '../systems/renewal-decision';

dayjs.extend(utc);

export interface SeedBorough {
  gssCode: string;
  laeCode: string;
  name: string;
  shortName: string;
}

export interface SeedCategory {
  code: string;
  name: string;
  kind: CategoryKind;
  leadTimeMonths: number;
  cpv?: string;
}

export interface CatalogueProduct {
  product: string | null;
  supplier: string;
  supplierVariants?: string[];
  companiesHouseNumber?: string;
}

export interface CatalogueEntry {
  termYears: [number, number];
  extensionYears: number[];
  annualValueGbp: [number, number];
  products: CatalogueProduct[];
}

export interface Catalogue {
  [categoryCode: string]: CatalogueEntry;
}

export interface DemoSystem {
  rank: number;
  name: string;
  categoryCode: string;
  supplierName: string;
  supplierCompaniesHouseNumber?: string;
  productName?: string;
  contractReference?: string;
  contractStart?: string;
  contractEnd: string;
  maxExtentDate?: string;
  noticePeriodDays?: number;
  annualValueGbp?: number;
  totalValueGbp?: number;
  hosting?: Hosting;
  routeToMarket?: string;
  openToCollaboration?: boolean;
  notes?: string;
  renewalDecision?: RenewalDecision;
  decisionNote?: string;
}

export const DEMO_SYSTEMS_PER_BOROUGH = 10;

const DAY_FORMAT = 'YYYY-MM-DD';
const CITY_OF_LONDON = 'E09000001';
const CORE_CATEGORIES = ['revenues-benefits', 'social-care', 'housing-management', 'erp', 'crm'];
// End dates fall in months 1..LAST_END_MONTH after the month of `today`,
// i.e. never before today and at most ~36 months ahead.
const LAST_END_MONTH = 35;
const MIN_COHORT = 3;
const MAX_COHORT = 6;

const LABELS: Record<string, string[]> = {
  'revenues-benefits': [
    'Revs & Bens',
    'Revenues and benefits system',
    'Council tax, business rates & benefits',
  ],
  'social-care': [
    'Social care case management',
    "Adults' and children's social care system",
    'Social care record (adults & children)',
  ],
  'housing-management': [
    'Housing management system',
    'Housing management & repairs',
    'Landlord services system',
  ],
  'planning-building-control': [
    'Planning & building control',
    'Planning, building control and land charges',
    'Development management system',
  ],
  erp: ['ERP (finance, HR, payroll)', 'Finance, HR and payroll', 'Corporate ERP'],
  crm: ['CRM & customer portal', 'Customer portal and CRM', 'Customer contact platform'],
  parking: [
    'Parking & enforcement',
    'Parking permits and PCN processing',
    'Civil enforcement system',
  ],
  libraries: ['Library management system', 'Libraries LMS'],
  'education-send': [
    'Education & SEND',
    'Education management system',
    'SEND and admissions system',
  ],
  'waste-street-services': [
    'Waste & street services',
    'Waste collection & street cleansing',
    'Environmental services system',
  ],
  'electoral-registration': [
    'Electoral registration',
    'Elections & electoral management',
    'Electoral management system',
  ],
  'document-management': ['Document & records management', 'EDRMS', 'Document management (EDRMS)'],
  telephony: [
    'Telephony & contact centre',
    'Contact centre telephony',
    'Unified comms & telephony',
  ],
  'network-wan': ['Corporate network (WAN)', 'WAN & internet connectivity', 'Network & WAN'],
  'productivity-licensing': [
    'Microsoft 365 licensing',
    'M365 licences (EA)',
    'Productivity licences',
  ],
  'hosting-managed-service': [
    'Hosting & managed IT service',
    'Data centre & managed service',
    'Infrastructure managed service',
  ],
  'income-management': [
    'Income management & payments',
    'Payments & income management',
    'Cash receipting',
  ],
};

const HOSTING: Record<string, Hosting[]> = {
  'productivity-licensing': [Hosting.PUBLIC_CLOUD],
  'network-wan': [Hosting.ON_PREMISES, Hosting.UNKNOWN],
  'hosting-managed-service': [Hosting.SUPPLIER_HOSTED, Hosting.HYBRID, Hosting.PUBLIC_CLOUD],
};
const DEFAULT_HOSTING: Hosting[] = [
  Hosting.ON_PREMISES,
  Hosting.SUPPLIER_HOSTED,
  Hosting.SUPPLIER_HOSTED,
  Hosting.PUBLIC_CLOUD,
  Hosting.HYBRID,
  Hosting.UNKNOWN,
];

const JOINT_NOTE = 'Open to a joint procurement with neighbouring boroughs.';
const NOTES = [
  'Extension option under review.',
  JOINT_NOTE,
  'Soft market testing planned for next financial year.',
  "Moving to the supplier's cloud-hosted version at renewal.",
  'Contract novated after the supplier was acquired.',
  'Performance concerns: re-procurement preferred to extension.',
  'Part of the wider digital transformation programme.',
];

// Real shared arrangements from DOMAIN.md: the partners run one product and
// end together, so the demo always shows a ready-made joint deal.
const SHARED_DEALS: {
  categoryCode: string;
  product: string;
  gssCodes: string[];
}[] = [
  {
    categoryCode: 'erp',
    product: 'Unit4 ERPx',
    gssCodes: ['E09000029', 'E09000021'],
  },
  {
    categoryCode: 'erp',
    product: 'Oracle Fusion',
    gssCodes: ['E09000002', 'E09000005', 'E09000022', 'E09000023'],
  },
];

/**
 * Builds every borough's demo top ten, with contract end dates relative to
 * `today` so that expiry clusters always exist. Pure and deterministic.
 */
export function buildDemoLists(
  today: string,
  boroughs: SeedBorough[],
  categories: SeedCategory[],
  catalogue: Catalogue,
): Map<string, DemoSystem[]> {
  const asOf = parseDay(today);
  const categoryByCode = new Map(categories.map((c) => [c.code, c]));
  if (categoryByCode.size < DEMO_SYSTEMS_PER_BOROUGH) {
    throw new Error(
      `Need at least ${DEMO_SYSTEMS_PER_BOROUGH} categories, got ${categoryByCode.size}`,
    );
  }
  for (const code of categoryByCode.keys()) {
    if (!catalogue[code]?.products.length) {
      throw new Error(`Catalogue has no products for category ${code}`);
    }
  }

  const holdings = assignCategories(boroughs, [...categoryByCode.keys()]);
  const ends = assignEndDates(asOf, boroughs, holdings, [...categoryByCode.keys()]);
  const sharedByKey = new Map<string, (typeof SHARED_DEALS)[number]>();
  for (const deal of SHARED_DEALS) {
    const partners = deal.gssCodes.filter((gss) => holdings.get(gss)?.includes(deal.categoryCode));
    const lead = partners[0];
    if (lead === undefined) continue;
    const leadEnd = ends.get(key(lead, deal.categoryCode));
    for (const gss of partners) {
      sharedByKey.set(key(gss, deal.categoryCode), deal);
      if (leadEnd) ends.set(key(gss, deal.categoryCode), leadEnd);
    }
  }
  const nameByGss = new Map(boroughs.map((b) => [b.gssCode, b.shortName]));

  const result = new Map<string, DemoSystem[]>();
  for (const borough of boroughs) {
    const references = new Set<string>();
    const drafts = (holdings.get(borough.gssCode) ?? []).map((code) => {
      const end = ends.get(key(borough.gssCode, code));
      if (!end) throw new Error(`No end date for ${borough.gssCode} ${code}`);
      const deal = sharedByKey.get(key(borough.gssCode, code));
      const partners = deal?.gssCodes
        .filter((gss) => gss !== borough.gssCode)
        .map((gss) => nameByGss.get(gss) ?? gss);
      return buildSystem({
        asOf,
        borough,
        category: categoryByCode.get(code) as SeedCategory,
        entry: catalogue[code],
        end,
        references,
        sharedProduct: deal?.product,
        sharedNote: partners?.length
          ? `Shared ${deal?.product} instance with ${partners.join(', ')}.`
          : undefined,
      });
    });
    drafts.sort(
      (a, b) => b.weight - a.weight || (a.system.categoryCode < b.system.categoryCode ? -1 : 1),
    );
    result.set(
      borough.gssCode,
      drafts.map((d, i) => ({ ...d.system, rank: i + 1 })),
    );
  }
  return result;
}

function buildSystem(input: {
  asOf: Dayjs;
  borough: SeedBorough;
  category: SeedCategory;
  entry: CatalogueEntry;
  end: Dayjs;
  references: Set<string>;
  sharedProduct?: string;
  sharedNote?: string;
}): { system: DemoSystem; weight: number } {
  const { borough, category, entry, end, references } = input;
  const rng = new Rng('system', borough.gssCode, category.code);

  const offering =
    entry.products.find((p) => input.sharedProduct && p.product === input.sharedProduct) ??
    rng.pick(entry.products);
  const variants = offering.supplierVariants ?? [];
  const supplierName =
    variants.length > 0 && rng.chance(0.3) ? rng.pick(variants) : offering.supplier;

  const [minTerm, maxTerm] = entry.termYears;
  const term = rng.int(minTerm, Math.max(minTerm, maxTerm));
  // A five-year contract ending 31 March 2027 started on 1 April 2022.
  const start = end.subtract(term, 'year').add(1, 'day');
  const extensions = entry.extensionYears.filter((y) => y > 0);
  const extension = extensions.length > 0 && rng.chance(0.35) ? rng.pick(extensions) : undefined;

  const [minValue, maxValue] = entry.annualValueGbp;
  const annual = rng.chance(0.9) ? sampleMoney(rng, minValue, maxValue) : undefined;
  const total =
    annual !== undefined && rng.chance(0.8)
      ? Math.max(0, Math.round((annual * term * rng.between(0.9, 1.1)) / 1000)) * 1000
      : undefined;

  let reference: string | undefined;
  if (rng.chance(0.85)) {
    do {
      reference = `${borough.laeCode}-${start.year()}-${String(rng.int(1, 9999)).padStart(4, '0')}`;
    } while (references.has(reference));
    references.add(reference);
  }

  const open = rng.chance(0.9);
  const system: DemoSystem = {
    rank: 0,
    name: rng.pick(LABELS[category.code] ?? [category.name]),
    categoryCode: category.code,
    supplierName,
    supplierCompaniesHouseNumber: offering.companiesHouseNumber,
    productName: offering.product ?? undefined,
    contractReference: reference,
    contractStart: start.format(DAY_FORMAT),
    contractEnd: end.format(DAY_FORMAT),
    maxExtentDate:
      extension === undefined ? undefined : end.add(extension, 'year').format(DAY_FORMAT),
    noticePeriodDays: rng.chance(0.5) ? rng.pick([90, 180, 365]) : undefined,
    annualValueGbp: annual,
    totalValueGbp: total,
    hosting: rng.chance(0.9) ? rng.pick(HOSTING[category.code] ?? DEFAULT_HOSTING) : undefined,
    routeToMarket: rng.chance(0.5) ? routeToMarket(rng, category.code, start, term) : undefined,
    openToCollaboration: open,
    notes:
      input.sharedNote ??
      (rng.chance(0.25)
        ? rng.pick(open ? NOTES : NOTES.filter((n) => n !== JOINT_NOTE))
        : undefined),
    ...decided(input.asOf, borough, category, end, extension !== undefined),
  };
  return {
    system: dropUndefined(system),
    weight: annual ?? (minValue + maxValue) / 2,
  };
}

/** A contract ending within this many months may have its renewal decided already. */
const DECIDED_WITHIN_MONTHS = 12;

const DECISIONS: { decision: RenewalDecision; note: string; needsExtension?: boolean }[] = [
  {
    decision: RenewalDecision.REPROCURE,
    note: 'Market engagement under way; open to procuring with neighbours.',
  },
  { decision: RenewalDecision.RENEW, note: 'Renewing with the incumbent through the framework.' },
  {
    decision: RenewalDecision.EXTEND,
    note: 'Cabinet approved the extension option.',
    needsExtension: true,
  },
];

/**
 * What some boroughs have decided about contracts ending within a year (DESIGN §11), so the demo
 * shows decided members of an opportunity. It draws from its own sequence: the rest of an entry is
 * the same with or without it. Never DECOMMISSION, which would take entries out of the demo's
 * opportunities.
 */
function decided(
  asOf: Dayjs,
  borough: SeedBorough,
  category: SeedCategory,
  end: Dayjs,
  canExtend: boolean,
): Pick<DemoSystem, 'renewalDecision' | 'decisionNote'> {
  const rng = new Rng('decision', borough.gssCode, category.code);
  if (end.isAfter(asOf.add(DECIDED_WITHIN_MONTHS, 'month')) || !rng.chance(0.35)) return {};
  const { decision, note } = rng.pick(DECISIONS.filter((d) => canExtend || !d.needsExtension));
  return { renewalDecision: decision, decisionNote: note };
}

/**
 * Core categories go to (almost) every borough; the other slots rotate
 * through a shuffled list so each remaining category has enough boroughs to
 * form cohorts.
 */
function assignCategories(boroughs: SeedBorough[], codes: string[]): Map<string, string[]> {
  const core = CORE_CATEGORIES.filter((c) => codes.includes(c));
  const others = new Rng('categories').shuffle(codes.filter((c) => !core.includes(c)));
  const holdings = new Map<string, string[]>();
  let cursor = 0;
  for (const borough of boroughs) {
    const skipHousing =
      borough.gssCode === CITY_OF_LONDON &&
      core.includes('housing-management') &&
      core.length - 1 + others.length >= DEMO_SYSTEMS_PER_BOROUGH;
    const mine = core
      .filter((c) => !(skipHousing && c === 'housing-management'))
      .slice(0, DEMO_SYSTEMS_PER_BOROUGH);
    const need = DEMO_SYSTEMS_PER_BOROUGH - mine.length;
    for (let j = 0; j < need; j++) {
      mine.push(others[(cursor + j) % others.length]);
    }
    cursor += need;
    holdings.set(borough.gssCode, mine);
  }
  return holdings;
}

/**
 * Per category, the boroughs are shuffled and cut into cohorts of 3–6 whose
 * end dates sit within a few months of each other; cohorts are spread evenly
 * over the next three years, so the first ones always fall within a year.
 */
function assignEndDates(
  asOf: Dayjs,
  boroughs: SeedBorough[],
  holdings: Map<string, string[]>,
  codes: string[],
): Map<string, Dayjs> {
  const monthZero = asOf.startOf('month');
  const ends = new Map<string, Dayjs>();
  for (const code of codes) {
    const rng = new Rng('cohorts', code);
    const members = rng.shuffle(
      boroughs.map((b) => b.gssCode).filter((gss) => holdings.get(gss)?.includes(code)),
    );
    const cohorts = cutCohorts(rng, members);
    const phase = rng.float();
    cohorts.forEach((cohort, j) => {
      const centre = 1 + Math.floor(((j + phase) * (LAST_END_MONTH - 1)) / cohorts.length);
      for (const gss of cohort) {
        const jitter = rng.int(-1, 1) + rng.int(-1, 1);
        const offset = clamp(centre + jitter, 1, LAST_END_MONTH);
        const month = monthZero.add(offset, 'month');
        // Many contracts end on a month end (often the financial year end).
        const day = rng.chance(0.3) ? month.daysInMonth() : rng.int(1, 28);
        ends.set(key(gss, code), month.date(day));
      }
    });
  }
  return ends;
}

function cutCohorts(rng: Rng, members: string[]): string[][] {
  const cohorts: string[][] = [];
  let rest = members;
  while (rest.length) {
    const sizes: number[] = [];
    for (let s = MIN_COHORT; s <= Math.min(MAX_COHORT, rest.length); s++) {
      const left = rest.length - s;
      if (left === 0 || left >= MIN_COHORT) sizes.push(s);
    }
    const size = sizes.length ? rng.pick(sizes) : rest.length;
    cohorts.push(rest.slice(0, size));
    rest = rest.slice(size);
  }
  return cohorts;
}

// Infrastructure and licences are not bought through an application framework.
const NOT_APPLICATIONS = new Set([
  'network-wan',
  'telephony',
  'productivity-licensing',
  'hosting-managed-service',
]);

function routeToMarket(rng: Rng, categoryCode: string, start: Dayjs, term: number): string {
  const startMonth = start.format('YYYY-MM');
  const routes = ['Direct award', 'Open procedure', 'Restricted procedure'];
  // G-Cloud call-offs are short; each iteration only existed for a period.
  if (term <= 3 && startMonth >= '2019-07') {
    routes.push(
      startMonth < '2020-10'
        ? 'G-Cloud 11'
        : startMonth < '2022-11'
          ? 'G-Cloud 12'
          : startMonth < '2024-11'
            ? 'G-Cloud 13'
            : 'G-Cloud 14',
    );
  }
  if (startMonth >= '2023-01' && !NOT_APPLICATIONS.has(categoryCode)) {
    routes.push('CCS RM6259 Lot 3');
  }
  // The Procurement Act 2023 procedures apply from 24 February 2025.
  if (start.format(DAY_FORMAT) >= '2025-02-24') {
    routes.push('Competitive flexible procedure');
  }
  return rng.pick(routes);
}

function sampleMoney(rng: Rng, min: number, max: number): number {
  const lo = Math.max(0, Math.ceil(min));
  const hi = Math.max(lo, Math.floor(max));
  const raw = rng.between(lo, hi);
  // Most budgets are quoted to the nearest thousand; a few to the pound.
  const rounded = rng.chance(0.8) ? Math.round(raw / 1000) * 1000 : raw;
  return clamp(Math.round(rounded), lo, hi);
}

function parseDay(day: string): Dayjs {
  const parsed = dayjs.utc(day);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || !parsed.isValid() || parsed.format(DAY_FORMAT) !== day) {
    throw new Error(`Invalid date ${day}, expected YYYY-MM-DD`);
  }
  return parsed;
}

function key(gssCode: string, categoryCode: string): string {
  return `${gssCode}|${categoryCode}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** mulberry32 seeded with an FNV-1a hash of the parts. */
class Rng {
  private state: number;

  constructor(...parts: string[]) {
    let hash = 0x811c9dc5;
    const text = parts.join('|');
    for (let i = 0; i < text.length; i++) {
      hash ^= text.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    this.state = hash >>> 0;
  }

  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  between(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error('Cannot pick from an empty list');
    return items[this.int(0, items.length - 1)];
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
}
