import { plainToInstance } from 'class-transformer';
import { unknownCategoryCode } from '../categories/category-codes';
import { FieldErrors } from '../common/domain-error';
import { validateInto } from '../common/validation';
import { ItSystemInput, MAX_RANK } from './dto/it-system.input';
import { normaliseCompaniesHouseNumber } from '../suppliers/normalise-name';
import { referenceKey } from './match-entries';

/** A list is a top ten: as many entries as ranks. */
export const MAX_ENTRIES = MAX_RANK;

const trimmed = (value: string | null | undefined): string | null | undefined =>
  typeof value === 'string' ? value.trim() : value;

/**
 * Tidies what a person typed without changing its meaning: surrounding spaces go, and a
 * Companies House number is upper-cased with its spaces removed ("sc 123456" is SC123456).
 */
export function tidyEntry(raw: ItSystemInput): ItSystemInput {
  const entry = plainToInstance(ItSystemInput, { ...raw });
  for (const key of ['name', 'categoryCode', 'supplierName'] as const) {
    if (typeof entry[key] === 'string') entry[key] = entry[key].trim();
  }
  for (const key of [
    'productName',
    'productManufacturerName',
    'contractReference',
    'routeToMarket',
  ] as const) {
    entry[key] = trimmed(entry[key]);
  }
  if (typeof entry.supplierCompaniesHouseNumber === 'string') {
    entry.supplierCompaniesHouseNumber = normaliseCompaniesHouseNumber(
      entry.supplierCompaniesHouseNumber,
    );
  }
  for (const key of [
    'productName',
    'productManufacturerName',
    'contractReference',
    'routeToMarket',
    'supplierCompaniesHouseNumber',
    'notes',
    'decisionNote',
  ] as const) {
    if (entry[key] === '') entry[key] = null;
  }
  return entry;
}

/** Checks one entry: the rules on its input class, and a known category. */
export function checkEntry(
  entry: ItSystemInput,
  path: string,
  categoryCodes: ReadonlySet<string>,
  errors: FieldErrors,
): void {
  const before = errors.list.length;
  validateInto(entry, path, errors);
  const bad = new Set(errors.list.slice(before).map((e) => e.path));
  const ok = (field: string) => !bad.has(`${path}.${field}`);

  if (ok('categoryCode') && !categoryCodes.has(entry.categoryCode)) {
    errors.add(
      `${path}.categoryCode`,
      `${unknownCategoryCode(entry.categoryCode)}; see the categories query`,
    );
  }
}

/**
 * Checks a whole list (DESIGN §3): 1 to 10 entries, every entry valid, distinct ranks and
 * distinct contract references. Every problem is recorded under `systems.<i>.<field>`.
 */
export function checkList(
  entries: readonly ItSystemInput[],
  categoryCodes: ReadonlySet<string>,
  errors: FieldErrors,
  prefix = 'systems',
): void {
  if (entries.length === 0) {
    errors.add(prefix, 'must have at least one entry');
    return;
  }
  if (entries.length > MAX_ENTRIES) {
    errors.add(prefix, `must have at most ${MAX_ENTRIES} entries (got ${entries.length})`);
  }
  entries.forEach((entry, i) => checkEntry(entry, `${prefix}.${i}`, categoryCodes, errors));

  const rankAt = new Map<number, number>();
  const referenceAt = new Map<string, number>();
  entries.forEach((entry, i) => {
    const first = rankAt.get(entry.rank);
    if (first !== undefined) {
      errors.add(`${prefix}.${i}.rank`, `repeats rank ${entry.rank} of ${prefix}.${first}`);
    } else {
      rankAt.set(entry.rank, i);
    }
    const reference = referenceKey(entry.contractReference);
    if (!reference) return;
    const same = referenceAt.get(reference);
    if (same !== undefined) {
      errors.add(
        `${prefix}.${i}.contractReference`,
        `repeats the contract reference of ${prefix}.${same}`,
      );
    } else {
      referenceAt.set(reference, i);
    }
  });
}
