import { INestApplicationContext, Logger } from '@nestjs/common';
import { ApiKeysService } from './auth/api-keys.service';
import { AppConfig } from './config/config';
import { Database } from './database/database';
import { applyMigrations, withStartupLock } from './database/migrate';
import { SeedService } from './seeds/seed.service';

export class StartupError extends Error {}

/**
 * Readies the database before anything is served (DESIGN §7, §8): migrations, reference data,
 * and, outside production, the demo on a fresh database. Production refuses to run while demo
 * keys exist, because their secrets are published in the README.
 */
export async function prepareDatabase(app: INestApplicationContext): Promise<void> {
  const logger = new Logger('Startup');
  const config = app.get(AppConfig);
  const dataSource = app.get(Database).dataSource;
  const seeds = app.get(SeedService);
  // Under one lock, so that instances starting together migrate and seed once.
  await withStartupLock(dataSource, async () => {
    const applied = await applyMigrations(dataSource);
    if (applied.length > 0) logger.log(`Migrations applied: ${applied.join(', ')}`);
    await seeds.loadReference();
    if (!config.isProduction && (await seeds.isEmpty())) await seeds.loadDemo();
  });
  if (config.isProduction) {
    const demo = await app.get(ApiKeysService).demoKeyLabels();
    if (demo.length > 0) {
      throw new StartupError(
        `Refusing to start in production while ${demo.length} demo keys exist: ${demo.join(', ')}. Revoke them with "npm run apikey -- revoke --demo".`,
      );
    }
  }
}
