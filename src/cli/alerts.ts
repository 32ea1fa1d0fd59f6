import { parseArgs } from 'node:util';
import { AlertRunService } from '../alerts/alert-run.service';
import { isLocalDate } from '../common/dates';
import { CliModule } from './cli.module';
import { prepareDatabaseForCommand } from './prepare';
import { runCommand, UsageError } from './run-command';

const USAGE = 'Usage: npm run alerts -- [--as-of YYYY-MM-DD] [--dry-run]';

/** `npm run alerts`: an alert run by hand, e.g. to catch up after downtime; prints a summary. */
void runCommand(
  (config) => CliModule.forRoot(config),
  async (app) => {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { 'as-of': { type: 'string' }, 'dry-run': { type: 'boolean' } },
    });
    const asOf = values['as-of'];
    if (asOf !== undefined && !isLocalDate(asOf)) {
      throw new UsageError(`--as-of must be a real date written YYYY-MM-DD\n${USAGE}`);
    }
    await prepareDatabaseForCommand(app);
    const run = await app.get(AlertRunService).run({
      asOf,
      dryRun: values['dry-run'] ?? false,
      retryNow: true,
      actor: { keyId: null, label: 'npm run alerts' },
    });
    console.log(
      `Alert run for ${run.asOf}${run.dryRun ? ' (dry run: nothing written or sent)' : ''}: ` +
        `${run.emailsQueued} emails with ${run.itemsQueued} items ${run.dryRun ? 'would be queued' : 'queued'}, ` +
        `${run.emailsSent} sent, ${run.emailsFailed} failed.`,
    );
  },
);
