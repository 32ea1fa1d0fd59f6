import { stringify } from 'csv-stringify/sync';
import type { NamedEntry } from '../systems/systems.service';
import { protectCell } from './csv-cells';
import type { Cell } from './csv-download';
import { COLUMNS } from './top-systems-columns';

/** The header row of a borough's list as a spreadsheet (DESIGN §7). */
export const LIST_HEADER = COLUMNS.map((c) => c.header);

/** An entry as a row of its borough's spreadsheet. */
export const listRow = (entry: NamedEntry): Cell[] => COLUMNS.map((c) => c.write(entry));

/** A row from cells named by their headers; every other cell blank. */
export const rowOf = (cells: Readonly<Partial<Record<string, Cell>>>): Cell[] =>
  LIST_HEADER.map((header) => cells[header] ?? null);

/**
 * A list as the text of its spreadsheet, as a borough would upload it: what the console makes of
 * entries chosen on a page, to check and save them exactly as an uploaded file.
 */
export function listCsvText(rows: readonly Cell[][]): string {
  return stringify([LIST_HEADER, ...rows], {
    record_delimiter: 'windows',
    cast: { string: (value) => protectCell(value) },
  });
}
