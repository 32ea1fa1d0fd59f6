import { CsvError, parse } from 'csv-parse';
import { DomainError, FieldError, FieldErrors } from '../common/domain-error';
import { ItSystemInput } from '../systems/dto/it-system.input';
import { MAX_ENTRIES } from '../systems/check-entries';
import { unprotectCell } from './csv-cells';
import { CategoryNames, Column, COLUMNS, headerKey } from './top-systems-columns';

/** Ten entries with long notes fit many times over; anything bigger is not a top-ten list. */
export const MAX_CSV_CHARACTERS = 256 * 1024;

/** A borough's list read from a spreadsheet, with where each entry and field came from. */
export interface CsvList {
  entries: ItSystemInput[];
  /** The spreadsheet row of each entry (the header is row 1). */
  rows: number[];
  /** Each field's column header as the file writes it. */
  headers: ReadonlyMap<string, string>;
  /** Cells that could not be read: their fields are left out of the entries. */
  badCells: FieldError[];
}

const fileError = (message: string) => DomainError.badInput([{ path: 'csv', message }]);

/** Records as a spreadsheet has them: one per row, blank rows kept so rows keep their numbers. */
function records(text: string): Promise<string[][]> {
  return new Promise((resolve, reject) =>
    parse(
      text,
      // Excel writes a quote inside an unquoted cell (`27" screens`) as it was typed: keep it.
      { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false },
      (error, rows: string[][] | undefined) => {
        if (!error) return resolve(rows ?? []);
        const line = (error as CsvError & { lines?: number }).lines;
        reject(
          fileError(
            error.code === 'CSV_QUOTE_NOT_CLOSED'
              ? `a quoted cell opened at line ${line ?? '?'} is never closed`
              : `cannot be read as CSV${line ? ` at line ${line}` : ''}: ${error.message}`,
          ),
        );
      },
    ),
  );
}

const blank = (row: readonly string[]) => row.every((cell) => cell.trim() === '');

/** Which column each header cell is, refusing unknown, repeated and missing columns. */
function columnsOf(header: readonly string[]): (Column | null)[] {
  const errors = new FieldErrors();
  const byKey = new Map(COLUMNS.map((c) => [headerKey(c.header), c]));
  const seen = new Set<Column>();
  const columns = header.map((cell) => {
    const name = cell.trim();
    if (name === '') return null;
    const column = byKey.get(headerKey(name));
    if (!column) {
      errors.add(
        'csv',
        `has an unknown column "${name}"; the columns are ${COLUMNS.map((c) => c.header).join(', ')}`,
      );
      return null;
    }
    if (seen.has(column)) errors.add('csv', `has the column ${column.header} twice`);
    seen.add(column);
    return column;
  });
  const missing = COLUMNS.filter((c) => c.required && !seen.has(c)).map((c) => c.header);
  if (missing.length) {
    errors.add('csv', `lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  errors.throwIfAny();
  return columns;
}

/**
 * Reads a borough's top-ten spreadsheet (DESIGN §7): Excel's "CSV UTF-8" and plain CSV alike.
 * Each cell is read by its column's rules, and each bad one named `csv.<row>.<header>`, for the
 * caller to report with what the list's own rules find. A problem with the file as a whole is
 * refused at once, at `csv`.
 */
export async function readTopSystemsCsv(
  text: string,
  categories: readonly CategoryNames[],
): Promise<CsvList> {
  if (text.length > MAX_CSV_CHARACTERS) {
    throw fileError(
      `is larger than ${MAX_CSV_CHARACTERS / 1024} KB; a top-ten list is far smaller`,
    );
  }
  // U+FFFD is what a text in another encoding (Excel's plain "CSV" is Windows-1252) becomes when
  // read as UTF-8: the £ signs and accents are already lost.
  if (text.includes('\uFFFD')) {
    throw fileError('is not UTF-8 text: in Excel, save it as "CSV UTF-8 (Comma delimited)"');
  }
  const rows = await records(text);
  const headerRow = rows.findIndex((row) => !blank(row));
  if (headerRow < 0) throw fileError('is empty: it needs a header row, then one row per system');
  const header = rows[headerRow];
  if (header.length === 1 && /[;\t]/.test(header[0])) {
    throw fileError('is not separated by commas: save it as "CSV UTF-8 (Comma delimited)"');
  }
  const columns = columnsOf(header);
  const headers = new Map<string, string>();
  columns.forEach((column, i) => {
    if (column?.field) headers.set(column.field, header[i].trim());
  });

  const errors = new FieldErrors();
  const data = rows
    .map((cells, i) => ({ cells, row: i + 1 }))
    .filter(({ cells, row }) => row > headerRow + 1 && !blank(cells));
  if (data.length > MAX_ENTRIES) {
    throw fileError(`has ${data.length} systems; a list has at most ${MAX_ENTRIES}`);
  }
  const entries = data.map(({ cells, row }) => {
    const values: Record<string, unknown> = {};
    cells.forEach((raw, i) => {
      const column = columns[i];
      const cell = unprotectCell(raw).trim();
      // Beyond the header, or under a blank header cell.
      if (!column) {
        if (cell !== '') {
          errors.add(`csv.${row}`, `has a value in column ${i + 1}, which has no header`);
        }
        return;
      }
      const path = `csv.${row}.${header[i].trim()}`;
      if (column.required && cell === '') {
        errors.add(path, 'must not be empty');
        return;
      }
      const read = column.read(cell, categories);
      if ('error' in read) errors.add(path, read.error);
      else if (column.field) values[column.field] = read.value;
    });
    return Object.assign(new ItSystemInput(), values);
  });
  return { entries, rows: data.map((d) => d.row), headers, badCells: [...errors.list] };
}

/**
 * An error about the entries (`systems.<i>.<field>`, as the submission path names them) in the
 * spreadsheet's terms: `csv.<row>.<header>`, the whole list at `csv`.
 */
export function inSpreadsheetTerms(error: unknown, list: CsvList): unknown {
  if (!(error instanceof DomainError) || error.fieldErrors.length === 0) return error;
  const translate = ({ path, message }: FieldError): FieldError => {
    const [root, index, field] = path.split('.');
    if (root !== 'systems') return { path, message };
    if (index === undefined) return { path: 'csv', message };
    const row = list.rows[Number(index)];
    if (field === undefined) return { path: `csv.${row}`, message };
    return {
      path: `csv.${row}.${list.headers.get(field) ?? field}`,
      message: inRows(message, list),
    };
  };
  return DomainError.badInput(error.fieldErrors.map(translate));
}

/** "repeats rank 3 of systems.0" as "repeats rank 3 of row 2". */
const inRows = (message: string, list: CsvList) =>
  message.replace(/systems\.(\d+)/g, (_, i: string) => `row ${list.rows[Number(i)]}`);
