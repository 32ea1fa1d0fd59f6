import { AlertRunService } from '../alerts/alert-run.service';
import { isLocalDate } from '../common/dates';
import { DomainError } from '../common/domain-error';
import { CliModule } from './cli.module';
import { prepareDatabaseForCommand } from './prepare';
import { runCommand, UsageError } from './run-command';

const USAGE = `Usage: npm run alerts -- [--as-of YYYY-MM-DD] [--dry-run]
  --as-of    the day to run for (default today, London time); a real run any day up to today,
             a dry run any day
  --dry-run  say who would get which email, with how many items; write and send nothing`;

/** `npm run alerts`: an alert run by hand, e.g. to catch up after downtime; prints a summary. */
void runCommand((config) => CliModule.forRoot(config), {
  usage: USAGE,
  options: { 'as-of': { type: 'string' }, 'dry-run': { type: 'boolean' } },
  async run(app, { values }) {
    const asOf = values['as-of'];
    if (asOf !== undefined && !isLocalDate(asOf)) {
      throw new UsageError(`--as-of must be a real date written YYYY-MM-DD\n${USAGE}`);
    }
    await prepareDatabaseForCommand(app);
    const run = await app
      .get(AlertRunService)
      .run({
        asOf,
        dryRun: values['dry-run'] ?? false,
        retryNow: true,
        actor: { keyId: null, label: 'npm run alerts' },
      })
      .catch((error: unknown) => {
        // The service names its argument; here it is the option.
        if (error instanceof DomainError && error.fieldErrors[0]?.path === 'asOf')
          throw new UsageError(`--as-of ${error.fieldErrors[0].message}`);
        throw error;
      });
    console.log(
      `Alert run for ${run.asOf}${run.dryRun ? ' (dry run: nothing written or sent)' : ''}: ` +
        `${run.emailsQueued} emails with ${run.itemsQueued} items ${run.dryRun ? 'would be queued' : 'queued'}, ` +
        `${run.emailsSent} sent, ${run.emailsFailed} failed.`,
    );
    for (const email of run.emails) {
      const items = `${email.items} item${email.items === 1 ? '' : 's'}`;
      console.log(`  ${email.to}\t${email.scopeName ?? 'every borough'}\t${items}`);
    }
  },
});
