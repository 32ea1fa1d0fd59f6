import * as fs from 'fs';
import * as path from 'path';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { RenewalDecision } from '../systems/renewal-decision';
import { buildDemoLists, Catalogue, DemoSystem, SeedBorough, SeedCategory } from './demo-data';

dayjs.extend(utc);

function readSeed<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '../../seeds', file), 'utf8')) as T;
}

const boroughs = readSeed<SeedBorough[]>('boroughs.json');
const categories = readSeed<SeedCategory[]>('categories.json');
const catalogue = readSeed<Catalogue>('catalogue.json');
const categoryCodes = new Set(categories.map((c) => c.code));

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const TODAY = '2026-11-26';

function isDay(value: string): boolean {
  return DAY.test(value) && dayjs.utc(value).format('YYYY-MM-DD') === value;
}

function allSystems(lists: Map<string, DemoSystem[]>): { gss: string; system: DemoSystem }[] {
  return [...lists].flatMap(([gss, systems]) => systems.map((system) => ({ gss, system })));
}

describe('seed files', () => {
  it('lists the 33 London authorities with GSS codes E09000001..33 in order and unique LAE codes', () => {
    expect(boroughs).toHaveLength(33);
    expect(boroughs.map((b) => b.gssCode)).toEqual(
      Array.from({ length: 33 }, (_, i) => `E090000${String(i + 1).padStart(2, '0')}`),
    );
    expect(new Set(boroughs.map((b) => b.laeCode)).size).toBe(33);
    for (const b of boroughs) {
      expect(b.laeCode).toMatch(/^[A-Z]{3}$/);
      expect(b.name.length).toBeGreaterThan(0);
      expect(b.shortName.length).toBeGreaterThan(0);
    }
    expect(boroughs.find((b) => b.gssCode === 'E09000007')).toEqual({
      gssCode: 'E09000007',
      laeCode: 'CMD',
      name: 'London Borough of Camden',
      shortName: 'Camden',
    });
  });

  it('lists 17 categories with unique slug codes, a kind, a lead time and an 8-digit CPV code', () => {
    expect(categories).toHaveLength(17);
    expect(categoryCodes.size).toBe(17);
    for (const c of categories) {
      expect(c.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['FRONTLINE', 'CORPORATE']).toContain(c.kind);
      expect(Number.isInteger(c.leadTimeMonths)).toBe(true);
      expect(c.leadTimeMonths).toBeGreaterThan(0);
      expect(c.cpv).toMatch(/^\d{8}$/);
    }
  });

  it('has a catalogue entry with products, terms and value ranges for every category and no other', () => {
    expect(Object.keys(catalogue).sort()).toEqual([...categoryCodes].sort());
    for (const entry of Object.values(catalogue)) {
      expect(entry.products.length).toBeGreaterThan(0);
      expect(entry.termYears[0]).toBeLessThanOrEqual(entry.termYears[1]);
      expect(entry.annualValueGbp[0]).toBeLessThanOrEqual(entry.annualValueGbp[1]);
      for (const p of entry.products) {
        expect(p.supplier.length).toBeGreaterThan(0);
        if (p.companiesHouseNumber !== undefined) {
          expect(p.companiesHouseNumber).toMatch(/^([0-9]{8}|[A-Z]{2}[0-9]{6})$/);
        }
      }
    }
  });

  it('spells supplier variants so that they fold to the same normalised name as the supplier', () => {
    const suffixes = new Set(['ltd', 'limited', 'plc', 'uk', 'group', 'holdings']);
    const fold = (name: string) =>
      name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim()
        .split(' ')
        .filter((w) => !suffixes.has(w))
        .join(' ');
    for (const entry of Object.values(catalogue)) {
      for (const p of entry.products) {
        for (const variant of p.supplierVariants ?? []) {
          expect(fold(variant)).toBe(fold(p.supplier));
        }
      }
    }
  });
});

describe(buildDemoLists.name, () => {
  const lists = buildDemoLists(TODAY, boroughs, categories, catalogue);

  it('gives every borough exactly 10 systems ranked 1..10 in distinct known categories', () => {
    expect([...lists.keys()]).toEqual(boroughs.map((b) => b.gssCode));
    for (const systems of lists.values()) {
      expect(systems.map((s) => s.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const codes = systems.map((s) => s.categoryCode);
      expect(new Set(codes).size).toBe(10);
      for (const code of codes) expect(categoryCodes.has(code)).toBe(true);
    }
  });

  it('gives almost every borough the big five categories', () => {
    for (const code of ['revenues-benefits', 'social-care', 'housing-management', 'erp', 'crm']) {
      const holders = [...lists.values()].filter((s) => s.some((x) => x.categoryCode === code));
      expect(holders.length).toBeGreaterThanOrEqual(32);
    }
  });

  it.each(['2026-11-26', '2025-01-31', '2028-02-29', '2030-12-31'])(
    'produces valid dates and money for today = %s',
    (today) => {
      const from = dayjs.utc(today);
      const latest = from.add(37, 'month').format('YYYY-MM-DD');
      for (const { system: s } of allSystems(
        buildDemoLists(today, boroughs, categories, catalogue),
      )) {
        expect(isDay(s.contractEnd)).toBe(true);
        expect(s.contractEnd >= today).toBe(true);
        expect(s.contractEnd <= latest).toBe(true);
        if (s.contractStart !== undefined) {
          expect(isDay(s.contractStart)).toBe(true);
          expect(s.contractStart < s.contractEnd).toBe(true);
        }
        if (s.maxExtentDate !== undefined) {
          expect(isDay(s.maxExtentDate)).toBe(true);
          expect(s.maxExtentDate >= s.contractEnd).toBe(true);
        }
        for (const money of [s.annualValueGbp, s.totalValueGbp]) {
          if (money === undefined) continue;
          expect(Number.isInteger(money)).toBe(true);
          expect(money).toBeGreaterThanOrEqual(0);
        }
        if (s.annualValueGbp !== undefined) {
          expect(s.annualValueGbp).toBeLessThanOrEqual(2 ** 31 - 1);
          const [min, max] = catalogue[s.categoryCode].annualValueGbp;
          expect(s.annualValueGbp).toBeGreaterThanOrEqual(min);
          expect(s.annualValueGbp).toBeLessThanOrEqual(max);
        }
        if (s.noticePeriodDays !== undefined) expect([90, 180, 365]).toContain(s.noticePeriodDays);
        expect((s.notes ?? '').length).toBeLessThanOrEqual(2000);
      }
    },
  );

  it('keeps contract references unique within each borough and prefixed with its LAE code', () => {
    for (const borough of boroughs) {
      const refs = (lists.get(borough.gssCode) ?? [])
        .map((s) => s.contractReference)
        .filter((r): r is string => r !== undefined);
      expect(new Set(refs).size).toBe(refs.length);
      for (const ref of refs) expect(ref).toMatch(new RegExp(`^${borough.laeCode}-\\d{4}-\\d{4}$`));
    }
  });

  it('fills the optional fields on a realistic share of systems', () => {
    const systems = allSystems(lists).map((x) => x.system);
    const share = (pick: (s: DemoSystem) => unknown) =>
      systems.filter((s) => pick(s) !== undefined).length / systems.length;
    expect(share((s) => s.maxExtentDate)).toBeGreaterThan(0.2);
    expect(share((s) => s.maxExtentDate)).toBeLessThan(0.5);
    expect(share((s) => s.noticePeriodDays)).toBeGreaterThan(0.35);
    expect(share((s) => s.noticePeriodDays)).toBeLessThan(0.65);
    expect(share((s) => s.annualValueGbp)).toBeGreaterThan(0.8);
    expect(share((s) => s.annualValueGbp)).toBeLessThan(1);
    expect(share((s) => s.contractReference)).toBeGreaterThan(0.7);
    expect(systems.filter((s) => s.openToCollaboration).length / systems.length).toBeGreaterThan(
      0.8,
    );
  });

  it('takes supplier, product and Companies House number from the catalogue, sometimes with a messy supplier spelling', () => {
    const systems = allSystems(lists).map((x) => x.system);
    let variantCount = 0;
    for (const s of systems) {
      const offering = catalogue[s.categoryCode].products.find(
        (p) =>
          (p.product ?? undefined) === s.productName &&
          (p.supplier === s.supplierName || (p.supplierVariants ?? []).includes(s.supplierName)),
      );
      expect(offering).toBeDefined();
      expect(s.supplierCompaniesHouseNumber).toBe(offering?.companiesHouseNumber);
      if (s.supplierName !== offering?.supplier) variantCount++;
    }
    expect(variantCount).toBeGreaterThan(0);
  });

  it("reaches maxExtentDate only through one of the category's advertised extension options", () => {
    for (const { system: s } of allSystems(lists)) {
      if (s.maxExtentDate === undefined) continue;
      const years = catalogue[s.categoryCode].extensionYears.filter((y) => y > 0);
      const reachable = years.map((y) =>
        dayjs.utc(s.contractEnd).add(y, 'year').format('YYYY-MM-DD'),
      );
      expect(reachable).toContain(s.maxExtentDate);
    }
  });

  it('records a decision on some contracts ending within a year, never DECOMMISSION, EXTEND only with an extension option', () => {
    const horizon = dayjs.utc(TODAY).add(12, 'month').format('YYYY-MM-DD');
    const decided = allSystems(lists).filter(({ system: s }) => s.renewalDecision);
    const soon = allSystems(lists).filter(({ system: s }) => s.contractEnd <= horizon);
    expect(decided.length).toBeGreaterThan(soon.length / 5);
    expect(decided.length).toBeLessThan(soon.length / 2);
    for (const { system: s } of decided) {
      expect(s.contractEnd <= horizon).toBe(true);
      expect([RenewalDecision.REPROCURE, RenewalDecision.RENEW, RenewalDecision.EXTEND]).toContain(
        s.renewalDecision,
      );
      if (s.renewalDecision === RenewalDecision.EXTEND) expect(s.maxExtentDate).toBeDefined();
      expect(s.decisionNote?.length).toBeGreaterThan(0);
    }
  });

  it('returns the same lists for the same inputs', () => {
    expect(buildDemoLists(TODAY, boroughs, categories, catalogue)).toEqual(lists);
  });

  it('forms at least 3 categories with 3+ boroughs ending within 6 months of each other in the next 12 months', () => {
    const horizon = dayjs.utc(TODAY).add(12, 'month').format('YYYY-MM-DD');
    const byCategory = new Map<string, { gss: string; end: string }[]>();
    for (const { gss, system } of allSystems(lists)) {
      if (system.contractEnd > horizon) continue;
      const ends = byCategory.get(system.categoryCode) ?? [];
      ends.push({ gss, end: system.contractEnd });
      byCategory.set(system.categoryCode, ends);
    }
    const clustered = [...byCategory].filter(([, ends]) => {
      ends.sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
      return ends.some((first) => {
        const windowEnd = dayjs.utc(first.end).add(6, 'month').format('YYYY-MM-DD');
        const inWindow = ends.filter((e) => e.end >= first.end && e.end <= windowEnd);
        return new Set(inWindow.map((e) => e.gss)).size >= 3;
      });
    });
    expect(clustered.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses an impossible calendar date for today', () => {
    expect(() => buildDemoLists('2027-02-30', boroughs, categories, catalogue)).toThrow(
      /Invalid date/,
    );
  });
});
