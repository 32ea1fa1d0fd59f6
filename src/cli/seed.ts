import { CliModule } from './cli.module';
import { prepareDatabaseForCommand } from './prepare';
import { runCommand } from './run-command';

/** `npm run seed`: migrates, then loads reference data and (outside production) the demo. */
void runCommand(
  (config) => CliModule.forRoot(config),
  async (app) => {
    const report = await prepareDatabaseForCommand(app, { demo: true });
    console.log(
      `Seeded: ${report.boroughsAdded} boroughs, ${report.categoriesAdded} categories, ` +
        `${report.demoListsAdded} demo lists, ${report.demoKeysAdded} demo keys added.`,
    );
  },
);
