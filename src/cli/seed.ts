import { CliModule } from './cli.module';
import { prepareDatabaseForCommand } from './prepare';
import { runCommand } from './run-command';

/** `npm run seed`: migrates, then loads reference data and (outside production) the demo. */
void runCommand((config) => CliModule.forRoot(config), {
  usage: `Usage: npm run seed
  Brings the database named by DATABASE_URL to the current schema and loads the reference data
  (boroughs, categories) and, outside production, the demo. Safe to run again.`,
  options: {},
  async run(app) {
    const report = await prepareDatabaseForCommand(app, { demo: true });
    console.log(
      `Seeded: ${report.boroughsAdded} boroughs, ${report.categoriesAdded} categories, ` +
        `${report.demoListsAdded} demo lists, ${report.demoKeysAdded} demo keys added.`,
    );
  },
});
