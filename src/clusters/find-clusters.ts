import { createHash } from 'node:crypto';
import { addMonths, addMonthsToDay, dayNumber } from '../common/dates';
import type { CollaborationCandidate } from '../systems/collaboration-candidate';
import { RenewalDecision } from '../systems/renewal-decision';
import { ClusterGrouping } from './cluster-grouping';

/**
 * What the computation reads of one current system. Names are looked up through `ClusterNames`
 * only for systems that end up in a cluster, so a caller reading a large register can pass its
 * rows as they come from the database.
 */
export type ClusterRow = CollaborationCandidate;

/** Display names and lead times by id. */
export interface ClusterNames {
  boroughName(id: string): string;
  categoryName(id: string): string;
  /** The category's default lead time, in months. */
  categoryLeadTimeMonths(id: string): number;
  supplierName(id: string): string;
  /** The product's name with its maker's, as shown: "Mosaic (The Access Group)". */
  productName(id: string): string;
}

export interface ClusterOptions {
  horizonMonths: number;
  maxSpreadMonths: number;
  minBoroughs: number;
  groupBy: ClusterGrouping;
  useExtensions: boolean;
  /** Overrides the categories' default lead times when set. */
  leadTimeMonths?: number | null;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  horizonMonths: 12,
  maxSpreadMonths: 6,
  minBoroughs: 2,
  groupBy: ClusterGrouping.CATEGORY,
  useExtensions: true,
  leadTimeMonths: null,
};

export interface ClusterMemberResult<S extends ClusterRow = ClusterRow> {
  system: S;
  systemId: string;
  /** Where this contract ends in the joint window: its end clamped towards the latest end. */
  alignedEnd: string;
  needsExtension: boolean;
}

export interface CountResult {
  id: string;
  name: string;
  count: number;
}

export interface Cluster<S extends ClusterRow = ClusterRow> {
  id: string;
  groupBy: ClusterGrouping;
  keyId: string;
  key: string;
  members: ClusterMemberResult<S>[];
  /** The members' boroughs, in the members' order. */
  boroughIds: string[];
  boroughCount: number;
  earliestEnd: string;
  latestEnd: string;
  window: { start: string; end: string };
  combinedAnnualValueGbp: number;
  valueKnownCount: number;
  leadTimeMonths: number;
  actionBy: string;
  urgent: boolean;
  /** The earliest furthest end among members, less the lead time: the last day to start. */
  lastChanceBy: string;
  tooLate: boolean;
  suppliers: CountResult[];
  products: CountResult[];
  /** How many members have each decision recorded, in the decisions' order; none with 0. */
  decisions: { decision: RenewalDecision; count: number }[];
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupKey(system: ClusterRow, groupBy: ClusterGrouping): string | null {
  if (groupBy === ClusterGrouping.CATEGORY) return system.categoryId;
  if (groupBy === ClusterGrouping.SUPPLIER) return system.supplierId;
  return system.productId;
}

/**
 * Eligible (DESIGN §4, §11): ends within [asOf, asOf + horizon], open to collaboration, keyed,
 * and not to be decommissioned.
 */
function isEligible(
  system: ClusterRow,
  options: ClusterOptions,
  asOf: string,
  horizonEnd: string,
): boolean {
  return (
    !!system.openToCollaboration &&
    system.renewalDecision !== RenewalDecision.DECOMMISSION &&
    system.contractEnd >= asOf &&
    system.contractEnd <= horizonEnd &&
    groupKey(system, options.groupBy) !== null
  );
}

/** The positions in `pool` ordered by `key`, sorted as packed numbers rather than by comparator. */
function orderBy(pool: readonly number[], key: Int32Array): Int32Array {
  const m = pool.length;
  // key × m + j is exact in a double (below 2^53) while key is a date before 2300 and m < 3.9 × 10^8.
  const packed = new Float64Array(m);
  for (let j = 0; j < m; j++) packed[j] = key[pool[j]] * m + j;
  packed.sort();
  const order = new Int32Array(m);
  for (let j = 0; j < m; j++) order[j] = pool[packed[j] % m];
  return order;
}

const WAITING = 0;
const ACTIVE = 1;
const GONE = 2;

/** The eligible systems of one computation, by index, with their feasible end intervals. */
interface Eligible {
  /** Contract end, as YYYYMMDD: the earliest the contract can end. */
  lo: Int32Array;
  /** The latest it can end: its furthest extension when extensions count, else its end. */
  hi: Int32Array;
  /** hi + maxSpreadMonths: when the contract must be decided on. */
  deadline: Int32Array;
  /** The borough, numbered from 0 in order of first appearance. */
  borough: Int32Array;
  state: Uint8Array;
  /** Active systems per borough during a sweep; back to zero after each. */
  perBorough: Int32Array;
}

interface Group {
  members: number[];
  boroughCount: number;
}

/**
 * Earliest deadline first, for one group key (DESIGN §4): the contract that must be decided first
 * anchors a group of every contract in the pool that can end by its deadline. With enough
 * boroughs they form a cluster and leave the pool; otherwise the anchors (every contract with
 * that deadline) leave alone and the rest stay for later groups.
 *
 * One sweep over the deadlines with the pool's contracts added in order of end date as the
 * deadline passes them: each contract enters and leaves the candidate set once, so the cost is
 * the two sorts, O(n log n), plus the output. Which of several contracts with the same date comes
 * first does not matter: they enter, or leave, together.
 */
function groupEarliestDeadlineFirst(pool: number[], e: Eligible, minBoroughs: number): Group[] {
  const { lo, deadline, borough, state, perBorough } = e;
  const byDeadline = orderBy(pool, deadline);
  const byEnd = orderBy(pool, lo);
  const m = pool.length;
  let active: number[] = [];
  let boroughCount = 0;
  const groups: Group[] = [];
  const leave = (c: number) => {
    if (state[c] === ACTIVE && --perBorough[borough[c]] === 0) boroughCount--;
    state[c] = GONE;
  };

  let nextEnd = 0;
  for (let k = 0; k < m;) {
    if (state[byDeadline[k]] === GONE) {
      k++;
      continue;
    }
    const p = deadline[byDeadline[k]];
    for (; nextEnd < m && lo[byEnd[nextEnd]] <= p; nextEnd++) {
      const c = byEnd[nextEnd];
      if (state[c] === GONE) continue;
      state[c] = ACTIVE;
      active.push(c);
      if (perBorough[borough[c]]++ === 0) boroughCount++;
    }
    if (boroughCount >= minBoroughs) {
      // Dropped anchors stay in `active` marked GONE until here, so each contract is listed once.
      const members = active.filter((c) => state[c] === ACTIVE);
      groups.push({ members, boroughCount });
      members.forEach(leave);
      active = [];
    } else {
      // Every contract with deadline p has lo ≤ hi ≤ p, so it is active: drop them all.
      for (; k < m && deadline[byDeadline[k]] === p; k++) leave(byDeadline[k]);
    }
  }
  return groups;
}

function tallyOf(tally: Map<string, number>, id: string | null): void {
  if (id !== null) tally.set(id, (tally.get(id) ?? 0) + 1);
}

function counts(tally: Map<string, number>, nameOf: (id: string) => string): CountResult[] {
  return [...tally]
    .map(([id, count]) => ({ id, name: nameOf(id), count }))
    .sort((a, b) => b.count - a.count || byString(a.name, b.name) || byString(a.id, b.id));
}

/**
 * Same contracts grouped the same way: same id, whatever the day or the other options. Member ids
 * come already in order; the default sort orders by UTF-16 code units, as `<` does.
 */
function idOfSorted(groupBy: ClusterGrouping, sortedIds: string[]): string {
  const digest = createHash('sha256')
    .update(`${groupBy}\n${sortedIds.join('\n')}`)
    .digest('hex');
  return `cl_${digest.slice(0, 24)}`;
}

/** Describes the clusters found in one computation; memoises names and lead times across them. */
class Describer<S extends ClusterRow> {
  private readonly boroughNames: string[] = [];
  private readonly leadTimes = new Map<string, number>();
  /** Which cluster last listed each borough, by borough number: the count of clusters so far. */
  private readonly listedBoroughs: Int32Array;
  private clusters = 0;

  constructor(
    private readonly systems: readonly S[],
    private readonly e: Eligible,
    private readonly names: ClusterNames,
    private readonly options: ClusterOptions,
    private readonly asOf: string,
  ) {
    this.listedBoroughs = new Int32Array(e.perBorough.length);
  }

  private boroughName(i: number): string {
    const b = this.e.borough[i];
    return (this.boroughNames[b] ??= this.names.boroughName(this.systems[i].boroughId));
  }

  private leadTime(categoryId: string): number {
    let months = this.leadTimes.get(categoryId);
    if (months === undefined) {
      months = this.names.categoryLeadTimeMonths(categoryId);
      this.leadTimes.set(categoryId, months);
    }
    return months;
  }

  private keyName(keyId: string): string {
    const { groupBy } = this.options;
    if (groupBy === ClusterGrouping.CATEGORY) return this.names.categoryName(keyId);
    if (groupBy === ClusterGrouping.SUPPLIER) return this.names.supplierName(keyId);
    return this.names.productName(keyId);
  }

  describe({ members, boroughCount }: Group, keyId: string): Cluster<S> {
    this.clusters++;
    const { systems, options } = this;
    const { lo, hi } = this.e;
    const order = members.sort(
      (a, b) =>
        lo[a] - lo[b] ||
        byString(this.boroughName(a), this.boroughName(b)) ||
        systems[a].rank - systems[b].rank ||
        byString(systems[a].id, systems[b].id),
    );
    const first = systems[order[0]];
    const last = systems[order[order.length - 1]];
    const latest = lo[order[order.length - 1]];
    let windowStart = last.contractEnd;
    let windowStartDay = latest;
    // When the first member runs out of road: its end with every advertised extension used.
    let furthestEnd = '';
    let furthestEndDay = Infinity;
    let leadTimeMonths = options.leadTimeMonths ?? 0;
    let combinedAnnualValueGbp = 0;
    let valueKnownCount = 0;
    const results = new Array<ClusterMemberResult<S>>(order.length);
    const ids = new Array<string>(order.length);
    const suppliers = new Map<string, number>();
    const products = new Map<string, number>();
    const decided = new Map<RenewalDecision, number>();
    const boroughIds: string[] = [];
    const listed = this.listedBoroughs;
    for (let j = 0; j < order.length; j++) {
      const i = order[j];
      const system = systems[i];
      if (listed[this.e.borough[i]] !== this.clusters) {
        listed[this.e.borough[i]] = this.clusters;
        boroughIds.push(system.boroughId);
      }
      const extendable = options.useExtensions && !!system.maxExtentDate;
      const alignedDay = hi[i] < latest ? hi[i] : latest;
      const alignedEnd =
        hi[i] < latest
          ? extendable
            ? system.maxExtentDate!
            : system.contractEnd
          : last.contractEnd;
      if (alignedDay < windowStartDay) {
        windowStartDay = alignedDay;
        windowStart = alignedEnd;
      }
      if (hi[i] < furthestEndDay) {
        furthestEndDay = hi[i];
        furthestEnd = extendable ? system.maxExtentDate! : system.contractEnd;
      }
      results[j] = { system, systemId: system.id, alignedEnd, needsExtension: alignedDay > lo[i] };
      ids[j] = system.id;
      tallyOf(suppliers, system.supplierId);
      tallyOf(products, system.productId);
      decided.set(system.renewalDecision, (decided.get(system.renewalDecision) ?? 0) + 1);
      if (options.leadTimeMonths == null)
        leadTimeMonths = Math.max(leadTimeMonths, this.leadTime(system.categoryId));
      if (system.annualValueGbp !== null) {
        combinedAnnualValueGbp += system.annualValueGbp;
        valueKnownCount++;
      }
    }
    const actionBy = addMonths(windowStart, -leadTimeMonths);
    const lastChanceBy = addMonths(furthestEnd, -leadTimeMonths);
    return {
      id: idOfSorted(options.groupBy, ids.sort()),
      groupBy: options.groupBy,
      keyId,
      key: this.keyName(keyId),
      members: results,
      boroughIds,
      boroughCount,
      earliestEnd: first.contractEnd,
      latestEnd: last.contractEnd,
      window: { start: windowStart, end: last.contractEnd },
      combinedAnnualValueGbp,
      valueKnownCount,
      leadTimeMonths,
      actionBy,
      urgent: actionBy < this.asOf,
      lastChanceBy,
      tooLate: lastChanceBy < this.asOf,
      suppliers: counts(suppliers, (id) => this.names.supplierName(id)),
      products: counts(products, (id) => this.names.productName(id)),
      decisions: Object.values(RenewalDecision)
        .filter((decision) => decided.has(decision))
        .map((decision) => ({ decision, count: decided.get(decision)! })),
    };
  }
}

/** The order clusters are reported in (DESIGN §4). */
function compareClusters(a: Cluster, b: Cluster): number {
  return (
    byString(a.actionBy, b.actionBy) ||
    b.boroughCount - a.boroughCount ||
    byString(a.key, b.key) ||
    byString(a.window.end, b.window.end) ||
    byString(a.id, b.id)
  );
}

/**
 * The joint procurement opportunities in a register (DESIGN §4): disjoint groups of contracts
 * with one category, supplier or product, from at least `minBoroughs` boroughs, that can all end
 * within `maxSpreadMonths` of each other, found earliest deadline first. Pure: the caller passes
 * the systems, their names and `asOf`.
 */
export function findClusters<S extends ClusterRow>(
  systems: readonly S[],
  options: ClusterOptions,
  asOf: string,
  names: ClusterNames,
): Cluster<S>[] {
  const horizonEnd = addMonths(asOf, options.horizonMonths);
  const n = systems.length;
  const e: Eligible = {
    lo: new Int32Array(n),
    hi: new Int32Array(n),
    deadline: new Int32Array(n),
    borough: new Int32Array(n),
    state: new Uint8Array(n).fill(WAITING),
    perBorough: new Int32Array(0),
  };
  const boroughIndex = new Map<string, number>();
  const pools = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const system = systems[i];
    if (!isEligible(system, options, asOf, horizonEnd)) continue;
    const end =
      options.useExtensions && system.maxExtentDate ? system.maxExtentDate : system.contractEnd;
    e.lo[i] = dayNumber(system.contractEnd);
    e.hi[i] = dayNumber(end);
    e.deadline[i] = addMonthsToDay(e.hi[i], options.maxSpreadMonths);
    let b = boroughIndex.get(system.boroughId);
    if (b === undefined) {
      b = boroughIndex.size;
      boroughIndex.set(system.boroughId, b);
    }
    e.borough[i] = b;
    const key = groupKey(system, options.groupBy)!;
    const pool = pools.get(key);
    if (pool) pool.push(i);
    else pools.set(key, [i]);
  }
  e.perBorough = new Int32Array(boroughIndex.size);
  const describer = new Describer(systems, e, names, options, asOf);
  const clusters: Cluster<S>[] = [];
  for (const [keyId, pool] of pools) {
    for (const group of groupEarliestDeadlineFirst(pool, e, options.minBoroughs)) {
      clusters.push(describer.describe(group, keyId));
    }
  }
  return clusters.sort(compareClusters);
}
