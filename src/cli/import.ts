import { basename } from 'node:path';
import { operator } from '../access/principal';
import { CsvImportService } from '../spreadsheets/csv-import.service';
import { CsvImport } from '../spreadsheets/models/csv-import.model';
import { CliModule } from './cli.module';
import { prepareDatabaseForCommand } from './prepare';
import { readTextFile, runCommand, UsageError } from './run-command';

const USAGE = `Usage:
  npm run import -- --borough <GSS code> [--dry-run] [--expected-version <n>] FILE.csv
  Replaces the borough's list with the spreadsheet's rows (the columns of
  GET /templates/top-systems.csv), all or nothing, as a new version of the list.
  --dry-run           says what the import would change, and writes nothing
  --expected-version  refuse if the list is no longer at this version`;

function report(result: CsvImport): string[] {
  const lines = result.changes.map(
    (c) =>
      `  ${c.change.padEnd(9)} ${String(c.rank).padStart(2)}  ${c.name}` +
      (c.columns.length ? ` (${c.columns.join(', ')})` : ''),
  );
  const counts = `${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged, ${result.retired} retired`;
  return result.dryRun
    ? [`Dry run: ${counts}. Nothing was written.`, ...lines]
    : [`Imported as version ${result.version}: ${counts}.`, ...lines];
}

/** `npm run import`: a borough's list from a spreadsheet, by an operator with database access. */
void runCommand((config) => CliModule.forRoot(config), {
  usage: USAGE,
  positionals: true,
  options: {
    borough: { type: 'string' },
    'dry-run': { type: 'boolean' },
    'expected-version': { type: 'string' },
  },
  async run(app, { positionals, values }) {
    if (positionals.length !== 1) throw new UsageError(`Name one CSV file.\n${USAGE}`);
    if (!values.borough) throw new UsageError(`--borough is required\n${USAGE}`);
    const given = values['expected-version'];
    if (given !== undefined && !/^\d+$/.test(given)) {
      throw new UsageError(`--expected-version must be a whole number\n${USAGE}`);
    }
    const [file] = positionals;
    const text = await readTextFile(
      file,
      'csv',
      `${basename(file)} is not UTF-8 text: in Excel, save it as "CSV UTF-8 (Comma delimited)"`,
    );
    await prepareDatabaseForCommand(app);
    const result = await app
      .get(CsvImportService)
      .importCsv(
        operator(`npm run import (${basename(file)})`.slice(0, 200)),
        values.borough,
        text,
        given === undefined ? undefined : Number(given),
        values['dry-run'] ?? false,
      );
    for (const line of report(result)) console.log(line);
  },
});
