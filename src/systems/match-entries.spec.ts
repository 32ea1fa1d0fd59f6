import fc from 'fast-check';
import { ExistingEntry, matchEntries } from './match-entries';

const current: ExistingEntry[] = [
  { id: 'a', contractReference: 'CMD-001', name: 'Housing system' },
  { id: 'b', contractReference: 'CMD-002', name: 'ERP' },
  { id: 'c', contractReference: null, name: 'Revs & Bens' },
];

describe(matchEntries.name, () => {
  it('keeps every id when an unchanged list is resubmitted', () => {
    expect(matchEntries(current, current)).toEqual(['a', 'b', 'c']);
  });

  it('keeps every id when the list is reordered', () => {
    expect(matchEntries(current, [current[2], current[0], current[1]])).toEqual(['c', 'a', 'b']);
  });

  it('matches on contract reference even when the name changed', () => {
    expect(
      matchEntries(current, [{ contractReference: 'cmd-001 ', name: 'Housing (NEC)' }]),
    ).toEqual(['a']);
  });

  it('matches on name ignoring case and spacing when the reference is absent', () => {
    expect(matchEntries(current, [{ name: 'REVS  &  BENS' }])).toEqual(['c']);
  });

  it('prefers the reference match over an earlier name match', () => {
    const incoming = [
      { contractReference: null, name: 'ERP' },
      { contractReference: 'CMD-002', name: 'Finance system' },
    ];
    // "ERP" may not take b by name, because b is claimed by its reference first.
    expect(matchEntries(current, incoming)).toEqual([undefined, 'b']);
  });

  it('treats an unmatched entry as new', () => {
    expect(matchEntries(current, [{ contractReference: 'CMD-099', name: 'Parking' }])).toEqual([
      undefined,
    ]);
  });

  it('matches one to one when two incoming entries share a name', () => {
    expect(matchEntries(current, [{ name: 'ERP' }, { name: 'erp' }])).toEqual(['b', undefined]);
  });

  it('matches a renamed entry with a new reference as new', () => {
    expect(matchEntries(current, [{ contractReference: 'X', name: 'Something else' }])).toEqual([
      undefined,
    ]);
  });

  it('never gives one id to two entries, and keeps ids of an unchanged list under any order', () => {
    const entry = fc.record({
      contractReference: fc.option(fc.constantFrom('R1', 'R2', 'R3', 'r1'), { nil: null }),
      name: fc.constantFrom('Housing', 'housing', 'ERP', 'CRM'),
    });
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 10 }),
        fc.array(entry, { maxLength: 10 }),
        (old, incoming) => {
          // A stored list never has two entries with one reference (submissions refuse it).
          const seen = new Set<string>();
          const existing = old.map((e, i) => {
            const key = e.contractReference?.toLowerCase();
            const unique = key && !seen.has(key) ? e.contractReference : null;
            if (key) seen.add(key);
            return { ...e, contractReference: unique, id: `id${i}` };
          });
          const ids = matchEntries(existing, incoming).filter((x) => x !== undefined);
          expect(new Set(ids).size).toBe(ids.length);
          // Reordered, every entry gets back an id of an entry with the same reference and name.
          const reversed = [...existing].reverse();
          const matched = matchEntries(existing, reversed);
          const key = (e: { contractReference: string | null; name: string }) =>
            `${e.contractReference?.toLowerCase()}|${e.name.toLowerCase()}`;
          reversed.forEach((e, i) => {
            const twin = existing.find((x) => x.id === matched[i]);
            expect(twin && key(twin)).toBe(key(e));
          });
        },
      ),
    );
  });
});
