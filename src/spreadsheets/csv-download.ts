import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { protectCell } from './csv-cells';

export type Cell = string | number | null;

/**
 * A CSV file as a stream (RFC 4180, CRLF), written row by row as `rows` yields them, so memory
 * holds a page however large the file: a byte-order mark first, so Excel reads it as UTF-8 (£ and
 * accents), and every text cell protected from being run as a formula.
 */
export function csvDownload(
  header: readonly string[],
  rows: AsyncIterable<Cell[]> | Iterable<Cell[]>,
): Readable {
  const writer = stringify({
    bom: true,
    record_delimiter: 'windows',
    cast: { string: (value) => protectCell(value) },
  });
  async function* records() {
    yield [...header];
    yield* rows;
  }
  // A failure while reading ends the download short rather than passing for a complete file.
  return pipeline(Readable.from(records()), writer, () => undefined);
}
