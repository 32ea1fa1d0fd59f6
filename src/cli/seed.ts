import { prepareDatabaseForCommand } from './prepare';
import { CliModule } from './cli.module';
import { runCommand } from './run-command';
import { SeedService } from '../seeds/seed.service';
import { AppConfig } from '../config/config';

/** `npm run seed`: migrates, then loads reference data and (outside production) the demo. */
void runCommand(
  (config) => CliModule.forRoot(config),
  async (app) => {
    const reference = await prepareDatabaseForCommand(app);
    const seeds = app.get(SeedService);
    const demo = app.get(AppConfig).isProduction
      ? { demoListsAdded: 0, demoKeysAdded: 0 }
      : await seeds.loadDemo();
    console.log(
      `Seeded: ${reference.boroughsAdded} boroughs, ${reference.categoriesAdded} categories, ` +
        `${demo.demoListsAdded} demo lists, ${demo.demoKeysAdded} demo keys added.`,
    );
  },
);
