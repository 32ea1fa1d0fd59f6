// Words that say what kind of company it is, not which: "Civica UK Ltd" and "CIVICA UK LIMITED"
// are the same supplier. Only trailing ones are folded, so "UK Power Networks" keeps its "UK".
const COMPANY_SUFFIXES = new Set([
  'ltd',
  'limited',
  'plc',
  'uk',
  'group',
  'holdings',
  'holding',
  'llp',
  'lp',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'co',
  'company',
  'gb',
]);

function words(name: string): string[] {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w.length > 0);
}

/**
 * The key a supplier name resolves on (DESIGN §2): case, accents, punctuation and trailing
 * company-form words folded, a leading "The" dropped. A name made only of such words keeps them,
 * so "UK Ltd" does not fold to nothing.
 */
export function normaliseSupplierName(name: string): string {
  const all = words(name);
  let end = all.length;
  while (end > 1 && COMPANY_SUFFIXES.has(all[end - 1])) end--;
  const start = all[0] === 'the' && end > 1 ? 1 : 0;
  return all.slice(start, end).join(' ');
}

/** Product names fold case, accents, punctuation and spacing only: "Open Housing" ≠ "Housing". */
export function normaliseProductName(name: string): string {
  return words(name).join(' ');
}

/** A Companies House number as people type it, tidied: "sc 123456" is SC123456. */
export const normaliseCompaniesHouseNumber = (number: string): string =>
  number.replace(/\s+/g, '').toUpperCase();

/** Companies House numbers are 8 digits, or 2 letters and 6 digits (e.g. SC123456). */
export const COMPANIES_HOUSE_NUMBER = /^([0-9]{8}|[A-Z]{2}[0-9]{6})$/;
