import type { SystemSnapshot } from '../submissions/models/system-snapshot.model';
import { versionChanges } from './version-changes';

const entry = (
  id: string,
  rank: number,
  changes: Partial<SystemSnapshot> = {},
): SystemSnapshot => ({
  id,
  rank,
  name: `System ${id}`,
  categoryCode: 'REVS_BENS',
  supplierName: 'Civica UK Ltd',
  supplierCompaniesHouseNumber: null,
  productName: null,
  contractReference: null,
  contractStart: null,
  contractEnd: '2027-03-31',
  maxExtentDate: null,
  noticePeriodDays: null,
  annualValueGbp: 100_000,
  totalValueGbp: null,
  hosting: 'CLOUD' as SystemSnapshot['hosting'],
  routeToMarket: null,
  openToCollaboration: true,
  notes: null,
  renewalDecision: 'UNDECIDED' as SystemSnapshot['renewalDecision'],
  decisionNote: null,
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  ...changes,
});

describe(versionChanges.name, () => {
  it('reports nothing for the same list touched again', () => {
    expect(
      versionChanges(
        [entry('a', 1)],
        [entry('a', 1, { updatedAt: new Date('2026-06-01T00:00:00Z') })],
      ),
    ).toEqual([]);
  });

  it('names added, changed (with its fields) and removed entries, removed ones last', () => {
    const before = [entry('a', 1), entry('b', 2), entry('c', 3)];
    const after = [entry('b', 1, { contractEnd: '2028-03-31' }), entry('d', 2), entry('a', 3)];
    expect(versionChanges(before, after)).toEqual([
      { change: 'changed', id: 'b', name: 'System b', rank: 1, fields: ['rank', 'contractEnd'] },
      { change: 'added', id: 'd', name: 'System d', rank: 2, fields: [] },
      { change: 'changed', id: 'a', name: 'System a', rank: 3, fields: ['rank'] },
      { change: 'removed', id: 'c', name: 'System c', rank: 3, fields: [] },
    ]);
  });

  it('treats the first version as every entry added', () => {
    expect(versionChanges([], [entry('a', 1)]).map((d) => d.change)).toEqual(['added']);
  });
});
