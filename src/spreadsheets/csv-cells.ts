/**
 * What a spreadsheet would run as a formula when a cell starts with it (OWASP's CSV injection:
 * `=`, `+`, `-`, `@`, tab and carriage return).
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell a spreadsheet shows as text: one that would start a formula gets a leading `'`
 * (DESIGN §7). Numbers are written as numbers and need none.
 */
export const protectCell = (cell: string): string => (FORMULA_START.test(cell) ? `'${cell}` : cell);

/** The cell `protectCell` was given, so an exported list imports back unchanged. */
export const unprotectCell = (cell: string): string =>
  cell.startsWith("'") && FORMULA_START.test(cell.slice(1)) ? cell.slice(1) : cell;
