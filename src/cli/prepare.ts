import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { applyMigrations, withStartupLock } from '../database/migrate';
import { SeedReport, SeedService } from '../seeds/seed.service';

/**
 * Commands may be the first thing run on a new database: bring it to the current schema and
 * reference data, and with `demo` load the demo too (never in production). Under the startup lock,
 * like a starting server, so a command and a server starting together do it once.
 */
export async function prepareDatabaseForCommand(
  app: INestApplicationContext,
  { demo = false } = {},
): Promise<SeedReport> {
  const seeds = app.get(SeedService);
  const dataSource = app.get(Database).dataSource;
  return withStartupLock(dataSource, async () => {
    await applyMigrations(dataSource);
    const reference = await seeds.loadReference();
    const loaded =
      demo && !app.get(AppConfig).isProduction
        ? await seeds.loadDemo()
        : { demoListsAdded: 0, demoKeysAdded: 0 };
    return { ...reference, ...loaded };
  });
}
