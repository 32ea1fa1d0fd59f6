export interface ExistingEntry {
  id: string;
  contractReference: string | null;
  name: string;
}

export interface IncomingEntry {
  contractReference?: string | null;
  name: string;
}

/** Contract references match ignoring case and surrounding spaces; a blank one is none. */
export const referenceKey = (reference: string | null | undefined): string | undefined => {
  const key = reference?.trim().toLowerCase();
  return key ? key : undefined;
};

/** Names match ignoring case and spacing: "Housing  System" is "housing system". */
const nameKey = (name: string): string => name.toLowerCase().replace(/\s+/g, '');

/**
 * Gives each incoming entry the id of the current entry it continues, or undefined when it is new
 * (DESIGN §3). One to one: first equal contract references, then, among entries still unmatched
 * on both sides, equal names; ties go to the earlier entry. Resubmitting or reordering an
 * unchanged list therefore keeps every id, which history and alerts rely on.
 */
export function matchEntries(
  current: readonly ExistingEntry[],
  incoming: readonly IncomingEntry[],
): (string | undefined)[] {
  const result: (string | undefined)[] = incoming.map(() => undefined);
  const taken = new Set<string>();

  const byReference = new Map<string, ExistingEntry[]>();
  for (const entry of current) {
    const key = referenceKey(entry.contractReference);
    if (key) byReference.set(key, [...(byReference.get(key) ?? []), entry]);
  }
  incoming.forEach((entry, i) => {
    const key = referenceKey(entry.contractReference);
    const match = key ? byReference.get(key)?.find((c) => !taken.has(c.id)) : undefined;
    if (match) {
      result[i] = match.id;
      taken.add(match.id);
    }
  });

  const byName = new Map<string, ExistingEntry[]>();
  for (const entry of current) {
    if (taken.has(entry.id)) continue;
    const key = nameKey(entry.name);
    byName.set(key, [...(byName.get(key) ?? []), entry]);
  }
  incoming.forEach((entry, i) => {
    if (result[i] !== undefined) return;
    const match = byName.get(nameKey(entry.name))?.find((c) => !taken.has(c.id));
    if (match) {
      result[i] = match.id;
      taken.add(match.id);
    }
  });
  return result;
}
