import { DataSource } from 'typeorm';

// Any fixed 64-bit number shared by every instance of the service.
const MIGRATION_LOCK = 7_361_055_221;

/**
 * Brings the schema up to date. On PostgreSQL several instances may start at once: the first
 * takes an advisory lock and migrates, the others wait for it and then find nothing to do.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  if (dataSource.options.type !== 'postgres') {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await lockHolder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await lockHolder.release();
  }
}
