import { DataSource } from 'typeorm';
import { AdvisoryLock } from './database';

/** Held while migrating and loading reference data at start. */
const STARTUP = AdvisoryLock.define(7_361_055_221, 'startup');

/**
 * Runs `work` while holding the startup lock. On PostgreSQL several instances may start at once:
 * the first migrates and loads reference data, the others wait for it and then find nothing to do.
 */
export async function withStartupLock<T>(
  dataSource: DataSource,
  work: () => Promise<T>,
): Promise<T> {
  if (dataSource.options.type !== 'postgres') return work();
  const lockHolder = dataSource.createQueryRunner();
  await lockHolder.connect();
  try {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [STARTUP.id]);
    try {
      return await work();
    } finally {
      await lockHolder.query('SELECT pg_advisory_unlock($1)', [STARTUP.id]);
    }
  } finally {
    await lockHolder.release();
  }
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function applyMigrations(dataSource: DataSource): Promise<string[]> {
  return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
}

/** `applyMigrations` under the startup lock. */
export function migrate(dataSource: DataSource): Promise<string[]> {
  return withStartupLock(dataSource, () => applyMigrations(dataSource));
}
