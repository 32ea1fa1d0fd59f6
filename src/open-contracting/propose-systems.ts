import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { addDays, isLocalDate } from '../common/dates';
import { COMPANIES_HOUSE_NUMBER } from '../suppliers/normalise-name';
import { ANNUAL_VALUE_FIELD, COH_SCHEME, LAE_SCHEME, TOTAL_VALUE_FIELD } from './ocds-release';
import type { Process, Release } from './read-ocds';

dayjs.extend(utc);

/** The fields of a proposal that can be missing, as ItSystemInput names them. */
export type ProposalField =
  | 'name'
  | 'categoryCode'
  | 'supplierName'
  | 'supplierCompaniesHouseNumber'
  | 'contractStart'
  | 'contractEnd'
  | 'maxExtentDate'
  | 'annualValueGbp'
  | 'totalValueGbp';

/** An entry proposed from a published contract (DESIGN §7): nothing is written. */
export interface Proposal {
  name: string | null;
  categoryCode: string | null;
  supplierName: string | null;
  supplierCompaniesHouseNumber: string | null;
  contractReference: string;
  contractStart: string | null;
  contractEnd: string | null;
  maxExtentDate: string | null;
  annualValueGbp: number | null;
  totalValueGbp: number | null;
  sourceOcid: string;
  /** Why each field without a value has none. */
  missing: { field: ProposalField; reason: string }[];
}

/** Why a contracting process was not proposed, with how many were left out for each reason. */
export interface LeftOut {
  otherBuyer: number;
  notIt: number;
  works: number;
  notAwarded: number;
  ended: number;
}

const LEFT_OUT: Record<keyof LeftOut, string> = {
  otherBuyer: "another buyer's",
  notIt: 'not IT',
  works: 'works',
  notAwarded: 'not awarded yet',
  ended: 'cancelled or ended',
};

/** What a notices file held and what became of it, in words: "6 … processes: 2 proposed; left out …". */
export function proposalsSummary(processes: number, proposals: number, leftOut: LeftOut): string {
  const out = Object.entries(leftOut)
    .filter(([, n]) => n > 0)
    .map(([reason, n]) => `${n} ${LEFT_OUT[reason as keyof LeftOut]}`);
  return (
    `${processes} contracting ${processes === 1 ? 'process' : 'processes'}: ` +
    `${proposals} proposed${out.length ? `; left out ${out.join(', ')}` : ''}`
  );
}

export interface BuyerNames {
  laeCode: string;
  name: string;
  shortName: string;
}

export interface CategoryCpv {
  code: string;
  name: string;
  cpv: string | null;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isObject) : []);
const object = (value: unknown): Json => (isObject(value) ? value : {});
const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
const idText = (value: unknown): string | null =>
  typeof value === 'number' ? String(value) : text(value);

/**
 * The releases of one process merged as OCDS merges them (latest wins): later releases' fields
 * replace earlier ones, objects merge field by field, lists of objects with ids merge by id, and
 * null removes a field. Releases are ordered by the instant of their date (offsets differ between
 * publishers); those without one count as older than dated ones.
 */
export function mergeReleases(releases: readonly Release[]): Json {
  const instant = (release: Release) => {
    const time = Date.parse(text(release.date) ?? '');
    return Number.isNaN(time) ? -Infinity : time;
  };
  const dated = releases
    .map((release, i) => ({ release, i, time: instant(release) }))
    .sort((a, b) => (a.time === b.time ? a.i - b.i : a.time < b.time ? -1 : 1));
  let merged: Json = {};
  for (const { release } of dated) merged = mergeObject(merged, release);
  return merged;
}

function mergeObject(into: Json, from: Json): Json {
  const out: Json = { ...into };
  for (const [key, value] of Object.entries(from)) {
    if (value === null) delete out[key];
    else if (isObject(value)) out[key] = mergeObject(object(out[key]), value);
    else if (Array.isArray(value) && value.length && value.every((v) => isObject(v) && 'id' in v)) {
      const byId = new Map<string, Json>();
      for (const item of list(out[key])) byId.set(String(item.id), item);
      for (const item of value as Json[]) {
        const id = String(item.id);
        byId.set(id, mergeObject(byId.get(id) ?? {}, item));
      }
      out[key] = [...byId.values()];
    } else out[key] = value;
  }
  return out;
}

/** A council's name without what councils' names vary by (DESIGN §7), for matching buyers. */
export function councilName(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(
      /\b(the|london borough of|royal borough of|london borough council|london borough|city council|borough council|council)\b/g,
      ' ',
    )
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function identifiers(party: Json): Json[] {
  return [object(party.identifier), ...list(party.additionalIdentifiers)];
}

const schemeIs = (identifier: Json, scheme: string) =>
  text(identifier.scheme)?.toUpperCase() === scheme;

/** Is the release's buyer this borough: by its GB-LAE identifier, else by name. */
function isOwnBuyer(release: Json, borough: BuyerNames): boolean {
  const buyer = object(release.buyer);
  const parties = list(release.parties);
  const party =
    parties.find((p) => buyer.id !== undefined && idText(p.id) === idText(buyer.id)) ??
    parties.find((p) => Array.isArray(p.roles) && p.roles.includes('buyer'));
  const candidates = [buyer, ...(party ? [party] : [])];
  const lae = candidates.flatMap(identifiers).filter((i) => schemeIs(i, LAE_SCHEME));
  if (lae.length) {
    return lae.some((i) => idText(i.id)?.toUpperCase() === borough.laeCode.toUpperCase());
  }
  const ids = candidates.map((c) => idText(c.id)?.toUpperCase() ?? '');
  const laeId = ids.find((id) => id.startsWith(`${LAE_SCHEME}-`));
  if (laeId) return laeId === `${LAE_SCHEME}-${borough.laeCode.toUpperCase()}`;
  const ours = new Set([councilName(borough.name), councilName(borough.shortName)]);
  return candidates.some((c) => {
    const name = text(c.name);
    return name !== null && ours.has(councilName(name));
  });
}

/** A CPV code's first eight digits: publishers write `48000000`, `48000000-8` or a number. */
const cpvCode = (classification: Json): string | null => {
  if (text(classification.scheme) && !schemeIs(classification, 'CPV')) return null;
  const digits = /^(\d{8})/.exec(idText(classification.id) ?? '');
  return digits ? digits[1] : null;
};

/** A CPV code's place in the hierarchy: `48000000` is 48, `30200000` is 302. */
const cpvStem = (code: string) => code.replace(/0+$/, '').padEnd(2, '0');

/** DESIGN §7: software (48), IT services (72), computer equipment (302). */
const IT_STEMS = ['48', '72', '302'];

function itemsOf(...holders: Json[]): Json[] {
  return holders.flatMap((h) => list(h.items));
}

/** CPV codes of tenders, awards or contracts: their own (as UK publishers give them) and their items'. */
function cpvCodes(holders: readonly Json[]): string[] {
  return [...holders, ...itemsOf(...holders)].flatMap((holder) =>
    [object(holder.classification), ...list(holder.additionalClassifications)]
      .map(cpvCode)
      .filter((c): c is string => c !== null),
  );
}

/** Words that mark a title as IT when a notice gives no classification at all. */
const IT_WORDS =
  /\b(software|systems?|ict|digital|saas|licen[cs]es?|hosting|cloud|network|telephony|computers?|data)\b/i;

/**
 * A date-time as OCDS writes one, as the calendar date it names (false when it names none): the date as written, in the
 * publisher's own offset. Publishers write a term's last day as its end (`2027-05-31T23:59:59Z`);
 * moved to London time that would be the next day in summer.
 */
function calendarDay(value: unknown): string | null | false {
  const given = text(value);
  if (given === null) return null;
  const day = given.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}(T|$)/.test(given) && isLocalDate(day) ? day : false;
}

const pounds = (value: Json): number | null | 'foreign' => {
  const amount = value.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return null;
  const currency = text(value.currency);
  if (currency && currency.toUpperCase() !== 'GBP') return 'foreign';
  return Math.round(amount);
};

const GRAPHQL_INT_MAX = 2 ** 31 - 1;
const MAX_DURATION_DAYS = 36_525;

/** The register's category for a contract's CPV codes, or why there is none. */
function categoryFor(
  codes: readonly string[],
  words: string,
  categories: readonly CategoryCpv[],
): { code: string } | { reason: string } {
  const fitting = categories
    .filter((c) => c.cpv && codes.some((code) => code.startsWith(cpvStem(c.cpv!))))
    .map((c) => ({ category: c, depth: cpvStem(c.cpv!).length }));
  if (!fitting.length) {
    return {
      reason: codes.length
        ? `no category has CPV ${codes[0]} or a code above it: choose one`
        : 'the notice gives no CPV code: choose one',
    };
  }
  const deepest = Math.max(...fitting.map((f) => f.depth));
  const closest = fitting.filter((f) => f.depth === deepest).map((f) => f.category);
  if (closest.length === 1) return { code: closest[0].code };
  // Several categories share a CPV code (48000000 is most software): the one whose name the
  // notice's words use is meant.
  const said = councilWords(words);
  const named = closest.filter((c) => {
    const name = councilWords(c.name);
    return name.length > 0 && name.every((w) => said.includes(w));
  });
  if (named.length === 1) return { code: named[0].code };
  return {
    reason: `CPV ${codes[0]} fits ${closest.length} categories and the notice's words do not say which: choose one`,
  };
}

const STOP = new Set(['and', 'the', 'of', 'for', 's']);
const councilWords = (value: string) =>
  value
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP.has(w));

/** A Companies House number as the register writes it: 8 characters, digits zero-padded. */
function companiesHouseNumber(value: string | null): string | null {
  if (value === null) return null;
  const bare = value.toUpperCase().replace(/\s+/g, '');
  const padded = /^\d{1,7}$/.test(bare) ? bare.padStart(8, '0') : bare;
  return COMPANIES_HOUSE_NUMBER.test(padded) ? padded : null;
}

const ACTIVE = (status: string | null) =>
  status === null || status === 'active' || status === 'pending';
const ENDED = new Set(['cancelled', 'terminated', 'unsuccessful']);

type Outcome = { proposal: Proposal } | { leftOut: keyof LeftOut };

/** One contracting process as a proposal, or why it is not one. */
function propose(
  process: Process,
  borough: BuyerNames,
  categories: readonly CategoryCpv[],
): Outcome {
  const release = mergeReleases(process.releases);
  if (!isOwnBuyer(release, borough)) return { leftOut: 'otherBuyer' };
  const tender = object(release.tender);
  const awards = list(release.awards);
  const contracts = list(release.contracts);
  if (text(tender.mainProcurementCategory)?.toLowerCase() === 'works') return { leftOut: 'works' };

  const codes = cpvCodes([tender, ...awards, ...contracts]);
  const itStems = [...IT_STEMS, ...categories.filter((c) => c.cpv).map((c) => cpvStem(c.cpv!))];
  const titles = [tender, ...awards, ...contracts].map((h) => text(h.title) ?? '').join(' ');
  const isIt = codes.length
    ? codes.some((code) => itStems.some((stem) => code.startsWith(stem)))
    : IT_WORDS.test(titles);
  if (!isIt) return { leftOut: 'notIt' };

  const status = (h: Json) => text(h.status)?.toLowerCase() ?? null;
  const contract =
    contracts.find((c) => status(c) === 'active') ?? contracts.find((c) => ACTIVE(status(c)));
  if (!contract && contracts.length) return { leftOut: 'ended' };
  const award =
    (contract &&
      awards.find((a) => idText(a.id) !== null && idText(a.id) === idText(contract.awardID))) ??
    (contract ? undefined : awards.find((a) => !ENDED.has(status(a) ?? '')));
  if (!contract && !award) return { leftOut: awards.length ? 'ended' : 'notAwarded' };

  const missing: Proposal['missing'] = [];
  const lack = (field: ProposalField, reason: string) => missing.push({ field, reason });
  const held = contract ?? {};
  const won = award ?? {};

  const title = text(held.title) ?? text(won.title) ?? text(tender.title);
  const name = title && title.length > 200 ? `${title.slice(0, 199)}…` : title;
  if (!name) lack('name', 'the notice gives no title');

  const ownCodes = cpvCodes([held, won]).length ? cpvCodes([held, won]) : codes;
  const words = [
    title ?? '',
    ...itemsOf(held, won, tender).map((i) => text(i.description) ?? ''),
  ].join(' ');
  const category = categoryFor(ownCodes, words, categories);
  if ('reason' in category) lack('categoryCode', category.reason);

  const suppliers = list(won.suppliers);
  const supplierRef = suppliers[0] ?? {};
  const supplierParty =
    list(release.parties).find(
      (p) => idText(supplierRef.id) !== null && idText(p.id) === idText(supplierRef.id),
    ) ?? {};
  const supplierName = text(supplierRef.name) ?? text(supplierParty.name);
  if (!supplierName) {
    lack(
      'supplierName',
      award ? 'the award names no supplier' : 'the notice has no award naming the supplier',
    );
  }
  const coh = [supplierRef, supplierParty]
    .flatMap(identifiers)
    .find((i) => schemeIs(i, COH_SCHEME));
  const cohFromId = /^GB-COH-(.+)$/i.exec(idText(supplierRef.id) ?? '')?.[1] ?? null;
  const givenNumber = coh ? idText(coh.id) : cohFromId;
  const number = companiesHouseNumber(givenNumber);
  if (!number) {
    lack(
      'supplierCompaniesHouseNumber',
      givenNumber
        ? `the supplier's GB-COH identifier "${givenNumber}" is not a Companies House number`
        : 'the notice gives the supplier no GB-COH (Companies House) identifier',
    );
  }

  const periods = [object(held.period), object(won.contractPeriod), object(tender.contractPeriod)];
  const day = (field: string, label: string, target: ProposalField): string | null => {
    for (const period of periods) {
      const value = calendarDay(period[field]);
      if (value === false) {
        lack(target, `the notice's ${label} "${String(period[field])}" is not a date`);
        return null;
      }
      if (value) return value;
    }
    return null;
  };
  const contractStart = day('startDate', 'startDate', 'contractStart');
  let contractEnd = day('endDate', 'endDate', 'contractEnd');
  const maxExtentDate = day('maxExtentDate', 'maxExtentDate', 'maxExtentDate');
  // A term of up to a century, in whole days; anything else is not a duration to count.
  const duration = periods
    .map((p) => p.durationInDays)
    .find((d): d is number => typeof d === 'number' && d >= 1 && d <= MAX_DURATION_DAYS);
  if (!contractEnd && contractStart && duration !== undefined) {
    const end = addDays(contractStart, Math.round(duration) - 1);
    if (isLocalDate(end)) contractEnd = end;
  }
  const noted = (field: ProposalField) => missing.some((m) => m.field === field);
  if (!contractStart && !noted('contractStart'))
    lack('contractStart', 'the notice gives no start date');
  if (!contractEnd && !noted('contractEnd')) lack('contractEnd', 'the notice gives no end date');
  if (!maxExtentDate && !noted('maxExtentDate')) {
    lack('maxExtentDate', 'the notice gives no maximum extent date (how far extensions can run)');
  }

  const years =
    contractStart && contractEnd && contractEnd >= contractStart
      ? dayjs.utc(addDays(contractEnd, 1)).diff(dayjs.utc(contractStart), 'year', true)
      : null;
  let annualValueGbp: number | null = null;
  let totalValueGbp: number | null = null;
  const registerAnnual = isObject(held[ANNUAL_VALUE_FIELD])
    ? pounds(held[ANNUAL_VALUE_FIELD])
    : null;
  const registerTotal = isObject(held[TOTAL_VALUE_FIELD]) ? pounds(held[TOTAL_VALUE_FIELD]) : null;
  if (registerAnnual !== null || registerTotal !== null) {
    // The register's own export: its value is the annual value, the total is given beside it.
    annualValueGbp = typeof registerAnnual === 'number' ? registerAnnual : null;
    totalValueGbp = typeof registerTotal === 'number' ? registerTotal : null;
    if (annualValueGbp !== null && annualValueGbp > GRAPHQL_INT_MAX) {
      annualValueGbp = null;
      lack('annualValueGbp', 'the annual value is too large for the register');
    } else if (annualValueGbp === null) lack('annualValueGbp', 'the notice gives no annual value');
    if (totalValueGbp !== null && totalValueGbp > Number.MAX_SAFE_INTEGER) {
      totalValueGbp = null;
      lack('totalValueGbp', 'the total value is too large for the register');
    } else if (totalValueGbp === null) lack('totalValueGbp', 'the notice gives no total value');
  } else {
    const value =
      [object(held.value), object(won.value)].map(pounds).find((v) => v !== null) ?? null;
    if (value === 'foreign') {
      lack('totalValueGbp', 'the notice gives the value in another currency than GBP');
      lack('annualValueGbp', 'the notice gives the value in another currency than GBP');
    } else if (value === null) {
      lack('totalValueGbp', 'the notice gives no value');
      lack('annualValueGbp', 'the notice gives no value');
    } else if (value > Number.MAX_SAFE_INTEGER) {
      lack('totalValueGbp', 'the value is too large for the register');
      lack('annualValueGbp', 'the value is too large for the register');
    } else {
      totalValueGbp = value;
      if (years === null || years <= 0) {
        lack('annualValueGbp', 'without a start and end date the value cannot be made annual');
      } else if (Math.round(value / years) > GRAPHQL_INT_MAX) {
        lack('annualValueGbp', 'the value divided by the years is too large for the register');
      } else {
        annualValueGbp = Math.round(value / years);
      }
    }
  }

  return {
    proposal: {
      name,
      categoryCode: 'code' in category ? category.code : null,
      supplierName,
      supplierCompaniesHouseNumber: number,
      contractReference: process.ocid,
      contractStart,
      contractEnd,
      maxExtentDate,
      annualValueGbp,
      totalValueGbp,
      sourceOcid: process.ocid,
      missing,
    },
  };
}

/**
 * Entries a borough could keep, from the contracting processes of a notices file (DESIGN §7): its
 * own IT contracts, each process's releases merged, largest value first, with why any field is
 * missing; and how many processes were left out and why.
 */
export function proposeSystems(
  processes: readonly Process[],
  borough: BuyerNames,
  categories: readonly CategoryCpv[],
): { proposals: Proposal[]; leftOut: LeftOut } {
  const leftOut: LeftOut = { otherBuyer: 0, notIt: 0, works: 0, notAwarded: 0, ended: 0 };
  const proposals: Proposal[] = [];
  for (const process of processes) {
    const outcome = propose(process, borough, categories);
    if ('proposal' in outcome) proposals.push(outcome.proposal);
    else leftOut[outcome.leftOut] += 1;
  }
  const size = (p: Proposal) => p.totalValueGbp ?? p.annualValueGbp ?? -1;
  proposals.sort(
    (a, b) =>
      size(b) - size(a) ||
      (a.name ?? '').localeCompare(b.name ?? '') ||
      a.sourceOcid.localeCompare(b.sourceOcid),
  );
  return { proposals, leftOut };
}
