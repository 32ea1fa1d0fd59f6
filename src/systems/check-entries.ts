import { plainToInstance } from 'class-transformer';
import { FieldErrors } from '../common/domain-error';
import { validateInto } from '../common/validation';
import { ItSystemInput } from './dto/it-system.input';

export const MAX_ENTRIES = 10;

const trimmed = (value: string | null | undefined): string | null | undefined =>
  typeof value === 'string' ? value.trim() : value;

/**
 * Tidies what a person typed without changing its meaning: surrounding spaces go, and a
 * Companies House number is upper-cased with its spaces removed ("sc 123456" is SC123456).
 */
export function tidyEntry(raw: ItSystemInput): ItSystemInput {
  const entry = plainToInstance(ItSystemInput, { ...raw });
  for (const key of [
    'name',
    'categoryCode',
    'supplierName',
    'productName',
    'productManufacturerName',
    'contractReference',
    'routeToMarket',
  ] as const) {
    entry[key] = trimmed(entry[key]) as never;
  }
  if (typeof entry.supplierCompaniesHouseNumber === 'string') {
    entry.supplierCompaniesHouseNumber = entry.supplierCompaniesHouseNumber
      .replace(/\s+/g, '')
      .toUpperCase();
  }
  for (const key of [
    'productName',
    'productManufacturerName',
    'contractReference',
    'routeToMarket',
    'supplierCompaniesHouseNumber',
    'notes',
  ] as const) {
    if (entry[key] === '') entry[key] = null;
  }
  return entry;
}

/** Checks one entry: its own fields, dates in order and a known category. */
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
      `is not a known category code ("${entry.categoryCode}"); see the categories query`,
    );
  }
  if (
    ok('contractEnd') &&
    entry.maxExtentDate &&
    ok('maxExtentDate') &&
    entry.maxExtentDate < entry.contractEnd
  ) {
    errors.add(`${path}.maxExtentDate`, `must be on or after contractEnd (${entry.contractEnd})`);
  }
  if (
    ok('contractEnd') &&
    entry.contractStart &&
    ok('contractStart') &&
    entry.contractStart > entry.contractEnd
  ) {
    errors.add(`${path}.contractStart`, `must be on or before contractEnd (${entry.contractEnd})`);
  }
  if (entry.productManufacturerName && !entry.productName) {
    errors.add(`${path}.productManufacturerName`, 'needs a productName');
  }
}

const referenceKey = (entry: ItSystemInput) =>
  entry.contractReference?.trim().toLowerCase() || undefined;

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
    const reference = referenceKey(entry);
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
