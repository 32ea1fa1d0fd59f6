import type { SystemSnapshot } from '../submissions/models/system-snapshot.model';

export interface EntryDifference {
  change: 'added' | 'removed' | 'changed';
  id: string;
  name: string;
  rank: number;
  /** The fields that differ, for a changed entry. */
  fields: string[];
}

/** What a version compares by: everything but when it was last touched. */
const COMPARED: readonly (keyof SystemSnapshot)[] = [
  'rank',
  'name',
  'categoryCode',
  'supplierName',
  'supplierCompaniesHouseNumber',
  'productName',
  'contractReference',
  'contractStart',
  'contractEnd',
  'maxExtentDate',
  'noticePeriodDays',
  'annualValueGbp',
  'totalValueGbp',
  'hosting',
  'routeToMarket',
  'openToCollaboration',
  'notes',
  'renewalDecision',
  'decisionNote',
];

/**
 * What changed from one version of a list to the next, entry by entry (DESIGN §2: an entry keeps
 * its id across versions): added, removed, or changed with the fields that differ. Unchanged
 * entries are left out. By rank in the newer list, removed ones last.
 */
export function versionChanges(
  before: readonly SystemSnapshot[],
  after: readonly SystemSnapshot[],
): EntryDifference[] {
  const old = new Map(before.map((s) => [s.id, s]));
  const kept = new Set(after.map((s) => s.id));
  const differences: EntryDifference[] = [];
  for (const entry of [...after].sort((a, b) => a.rank - b.rank)) {
    const was = old.get(entry.id);
    if (!was) {
      differences.push({
        change: 'added',
        id: entry.id,
        name: entry.name,
        rank: entry.rank,
        fields: [],
      });
      continue;
    }
    const fields = COMPARED.filter((f) => was[f] !== entry[f]);
    if (fields.length) {
      differences.push({
        change: 'changed',
        id: entry.id,
        name: entry.name,
        rank: entry.rank,
        fields,
      });
    }
  }
  for (const entry of [...before].sort((a, b) => a.rank - b.rank)) {
    if (!kept.has(entry.id)) {
      differences.push({
        change: 'removed',
        id: entry.id,
        name: entry.name,
        rank: entry.rank,
        fields: [],
      });
    }
  }
  return differences;
}
