import { basename } from 'node:path';
import { operator } from '../access/principal';
import { OcdsProposalsService } from '../open-contracting/ocds-proposals.service';
import { LeftOut, Proposal, proposalsSummary } from '../open-contracting/propose-systems';
import { CliModule } from './cli.module';
import { prepareDatabaseForCommand } from './prepare';
import { readTextFile, runCommand, UsageError } from './run-command';

const USAGE = `Usage:
  npm run propose -- --borough <GSS code> [--json] FILE.json
  Proposes entries for the borough's list from its published contract notices
  (an OCDS release package, record package or list of releases, up to 10 MB,
  as Find a Tender and Contracts Finder publish them): its own IT contracts,
  largest value first. Writes nothing.
  --json  prints the proposals as JSON (the fields of proposeSystemsFromOcds)`;

const pounds = (value: number | null) =>
  value === null ? '—' : `£${value.toLocaleString('en-GB')}`;

function report(proposals: Proposal[], leftOut: LeftOut, processes: number): string[] {
  const lines = [
    `Read ${proposalsSummary(processes, proposals.length, leftOut)}. Nothing was written.`,
  ];
  for (const [i, p] of proposals.entries()) {
    lines.push(
      `${String(i + 1).padStart(3)}. ${p.name ?? '(no title)'} [${p.sourceOcid}]`,
      `     ${p.categoryCode ?? '(category?)'} · ${p.supplierName ?? '(supplier?)'}` +
        (p.supplierCompaniesHouseNumber ? ` (${p.supplierCompaniesHouseNumber})` : '') +
        ` · ${p.contractStart ?? '?'} to ${p.contractEnd ?? '?'}` +
        (p.maxExtentDate ? `, up to ${p.maxExtentDate}` : '') +
        ` · ${pounds(p.annualValueGbp)} a year, ${pounds(p.totalValueGbp)} in all`,
      ...p.missing.map((m) => `     missing ${m.field}: ${m.reason}`),
    );
  }
  return lines;
}

/** `npm run propose`: entries proposed from a borough's notices file, by an operator. */
void runCommand((config) => CliModule.forRoot(config), {
  usage: USAGE,
  positionals: true,
  options: { borough: { type: 'string' }, json: { type: 'boolean' } },
  async run(app, { positionals, values }) {
    if (positionals.length !== 1) throw new UsageError(`Name one JSON file.\n${USAGE}`);
    if (!values.borough) throw new UsageError(`--borough is required\n${USAGE}`);
    const [file] = positionals;
    const name = basename(file);
    const text = await readTextFile(file, name, 'is not UTF-8 text, as JSON must be');
    await prepareDatabaseForCommand(app);
    const { proposals, leftOut, processes } = await app
      .get(OcdsProposalsService)
      .propose(operator(`npm run propose (${name})`.slice(0, 200)), values.borough, text, name);
    if (values.json) console.log(JSON.stringify(proposals, null, 2));
    else for (const line of report(proposals, leftOut, processes)) console.log(line);
  },
});
