import { createHash } from 'node:crypto';
import { addMonths } from '../common/dates';

export type ClusterGroupBy = 'CATEGORY' | 'SUPPLIER' | 'PRODUCT';

/** What the computation needs of one current system; nothing else is read. */
export interface ClusterSystem {
  id: string;
  boroughId: string;
  boroughName: string;
  rank: number;
  categoryId: string;
  categoryName: string;
  /** The category's default lead time, in months. */
  categoryLeadTimeMonths: number;
  supplierId: string;
  supplierName: string;
  productId: string | null;
  productName: string | null;
  /** The product's maker, shown after the product's name. */
  productMakerName: string | null;
  contractEnd: string;
  maxExtentDate: string | null;
  openToCollaboration: boolean;
  annualValueGbp: number | null;
}

export interface ClusterOptions {
  horizonMonths: number;
  maxSpreadMonths: number;
  minBoroughs: number;
  groupBy: ClusterGroupBy;
  useExtensions: boolean;
  /** Overrides the categories' default lead times when set. */
  leadTimeMonths?: number | null;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  horizonMonths: 12,
  maxSpreadMonths: 6,
  minBoroughs: 2,
  groupBy: 'CATEGORY',
  useExtensions: true,
  leadTimeMonths: null,
};

export interface ClusterMemberResult {
  system: ClusterSystem;
  /** Where this contract ends in the joint window: its end clamped towards the latest end. */
  alignedEnd: string;
  needsExtension: boolean;
}

export interface CountResult {
  id: string;
  name: string;
  count: number;
}

export interface Cluster {
  id: string;
  groupBy: ClusterGroupBy;
  keyId: string;
  key: string;
  members: ClusterMemberResult[];
  boroughCount: number;
  earliestEnd: string;
  latestEnd: string;
  window: { start: string; end: string };
  combinedAnnualValueGbp: number;
  valueKnownCount: number;
  leadTimeMonths: number;
  actionBy: string;
  urgent: boolean;
  suppliers: CountResult[];
  products: CountResult[];
}

/** A system in the grouping, with its feasible end interval [lo, hi] and deadline hi + spread. */
interface Candidate {
  system: ClusterSystem;
  lo: string;
  hi: string;
  deadline: string;
}

const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function groupKey(system: ClusterSystem, groupBy: ClusterGroupBy): string | null {
  if (groupBy === 'CATEGORY') return system.categoryId;
  if (groupBy === 'SUPPLIER') return system.supplierId;
  return system.productId;
}

/** Eligible (DESIGN §4): ends within [asOf, asOf + horizon], open to collaboration, keyed. */
function isEligible(
  system: ClusterSystem,
  options: ClusterOptions,
  asOf: string,
  horizonEnd: string,
): boolean {
  return (
    system.openToCollaboration &&
    system.contractEnd >= asOf &&
    system.contractEnd <= horizonEnd &&
    groupKey(system, options.groupBy) !== null
  );
}

/** Month arithmetic is the costly part; a register has far fewer distinct dates than systems. */
function monthsLater(months: number): (date: string) => string {
  const memo = new Map<string, string>();
  return (date) => {
    let later = memo.get(date);
    if (later === undefined) {
      later = addMonths(date, months);
      memo.set(date, later);
    }
    return later;
  };
}

/**
 * Earliest deadline first, for one group key (DESIGN §4): the contract that must be decided first
 * anchors a group of every contract in the pool that can end by its deadline. With enough
 * boroughs they form a cluster and leave the pool; otherwise the anchors (every contract with
 * that deadline) leave alone and the rest stay for later groups.
 *
 * One sweep over the deadlines with the pool's contracts added in order of end date as the
 * deadline passes them: each contract enters and leaves the candidate set once, so the cost is
 * the two sorts, O(n log n), plus the output.
 */
export function groupEarliestDeadlineFirst(pool: Candidate[], minBoroughs: number): Candidate[][] {
  const byDeadline = [...pool].sort(
    (a, b) => byString(a.deadline, b.deadline) || byString(a.system.id, b.system.id),
  );
  const byEnd = [...pool].sort(
    (a, b) => byString(a.lo, b.lo) || byString(a.system.id, b.system.id),
  );
  const gone = new Set<Candidate>();
  const active = new Set<Candidate>();
  const boroughs = new Map<string, number>();
  const clusters: Candidate[][] = [];
  const leave = (c: Candidate) => {
    gone.add(c);
    if (!active.delete(c)) return;
    const left = boroughs.get(c.system.boroughId)! - 1;
    if (left === 0) boroughs.delete(c.system.boroughId);
    else boroughs.set(c.system.boroughId, left);
  };

  let nextEnd = 0;
  for (let i = 0; i < byDeadline.length;) {
    if (gone.has(byDeadline[i])) {
      i++;
      continue;
    }
    const p = byDeadline[i].deadline;
    for (; nextEnd < byEnd.length && byEnd[nextEnd].lo <= p; nextEnd++) {
      const c = byEnd[nextEnd];
      if (gone.has(c)) continue;
      active.add(c);
      boroughs.set(c.system.boroughId, (boroughs.get(c.system.boroughId) ?? 0) + 1);
    }
    if (boroughs.size >= minBoroughs) {
      const members = [...active];
      members.forEach(leave);
      clusters.push(members);
    } else {
      // Every contract with deadline p has lo ≤ hi ≤ p, so it is active: drop them all.
      for (; i < byDeadline.length && byDeadline[i].deadline === p; i++) {
        if (!gone.has(byDeadline[i])) leave(byDeadline[i]);
      }
    }
  }
  return clusters;
}

function displayKey(system: ClusterSystem, groupBy: ClusterGroupBy): string {
  if (groupBy === 'CATEGORY') return system.categoryName;
  if (groupBy === 'SUPPLIER') return system.supplierName;
  return `${system.productName} (${system.productMakerName})`;
}

function counts(
  members: ClusterSystem[],
  pick: (s: ClusterSystem) => [string, string] | null,
): CountResult[] {
  const tally = new Map<string, CountResult>();
  for (const s of members) {
    const picked = pick(s);
    if (!picked) continue;
    const [id, name] = picked;
    const entry = tally.get(id) ?? { id, name, count: 0 };
    entry.count++;
    tally.set(id, entry);
  }
  return [...tally.values()].sort(
    (a, b) => b.count - a.count || byString(a.name, b.name) || byString(a.id, b.id),
  );
}

/** Same contracts grouped the same way: same id, whatever the day or the other options. */
export function clusterId(groupBy: ClusterGroupBy, memberIds: string[]): string {
  const digest = createHash('sha256')
    .update(`${groupBy}\n${[...memberIds].sort(byString).join('\n')}`)
    .digest('hex');
  return `cl_${digest.slice(0, 24)}`;
}

function describe(
  members: Candidate[],
  keyId: string,
  options: ClusterOptions,
  asOf: string,
): Cluster {
  const latestEnd = members.reduce((max, m) => (m.lo > max ? m.lo : max), members[0].lo);
  const earliestEnd = members.reduce((min, m) => (m.lo < min ? m.lo : min), members[0].lo);
  const results = members
    .map((m) => {
      const alignedEnd = m.hi < latestEnd ? m.hi : latestEnd;
      return { system: m.system, alignedEnd, needsExtension: alignedEnd > m.lo };
    })
    .sort(
      (a, b) =>
        byString(a.system.contractEnd, b.system.contractEnd) ||
        byString(a.system.boroughName, b.system.boroughName) ||
        a.system.rank - b.system.rank ||
        byString(a.system.id, b.system.id),
    );
  const systems = results.map((r) => r.system);
  const windowStart = results.reduce(
    (min, r) => (r.alignedEnd < min ? r.alignedEnd : min),
    results[0].alignedEnd,
  );
  const leadTimeMonths =
    options.leadTimeMonths ?? Math.max(...systems.map((s) => s.categoryLeadTimeMonths));
  const actionBy = addMonths(windowStart, -leadTimeMonths);
  const valued = systems.filter((s) => s.annualValueGbp !== null);
  return {
    id: clusterId(
      options.groupBy,
      systems.map((s) => s.id),
    ),
    groupBy: options.groupBy,
    keyId,
    key: displayKey(systems[0], options.groupBy),
    members: results,
    boroughCount: new Set(systems.map((s) => s.boroughId)).size,
    earliestEnd,
    latestEnd,
    window: { start: windowStart, end: latestEnd },
    combinedAnnualValueGbp: valued.reduce((sum, s) => sum + s.annualValueGbp!, 0),
    valueKnownCount: valued.length,
    leadTimeMonths,
    actionBy,
    urgent: actionBy < asOf,
    suppliers: counts(systems, (s) => [s.supplierId, s.supplierName]),
    products: counts(systems, (s) =>
      s.productId ? [s.productId, `${s.productName} (${s.productMakerName})`] : null,
    ),
  };
}

/** The order clusters are reported in (DESIGN §4). */
export function compareClusters(a: Cluster, b: Cluster): number {
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
 * the systems and `asOf`.
 */
export function findClusters(
  systems: readonly ClusterSystem[],
  options: ClusterOptions,
  asOf: string,
): Cluster[] {
  const horizonEnd = addMonths(asOf, options.horizonMonths);
  const deadlineOf = monthsLater(options.maxSpreadMonths);
  const pools = new Map<string, Candidate[]>();
  for (const system of systems) {
    if (!isEligible(system, options, asOf, horizonEnd)) continue;
    const lo = system.contractEnd;
    const hi = options.useExtensions && system.maxExtentDate ? system.maxExtentDate : lo;
    const entry: Candidate = { system, lo, hi, deadline: deadlineOf(hi) };
    const key = groupKey(system, options.groupBy)!;
    const pool = pools.get(key);
    if (pool) pool.push(entry);
    else pools.set(key, [entry]);
  }
  const clusters: Cluster[] = [];
  for (const [keyId, pool] of pools) {
    for (const members of groupEarliestDeadlineFirst(pool, options.minBoroughs)) {
      clusters.push(describe(members, keyId, options, asOf));
    }
  }
  return clusters.sort(compareClusters);
}
