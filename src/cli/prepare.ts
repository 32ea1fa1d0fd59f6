import { INestApplicationContext } from '@nestjs/common';
import { Database } from '../database/database';
import { migrate } from '../database/migrate';
import { SeedService } from '../seeds/seed.service';

/** Commands may be the first thing run on a new database: bring it to the current schema. */
export async function prepareDatabaseForCommand(app: INestApplicationContext) {
  await migrate(app.get(Database).dataSource);
  return app.get(SeedService).loadReference();
}
