import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { types as pgTypes } from 'pg';
import { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

// A PostgreSQL `date` is a calendar date: keep it as the `YYYY-MM-DD` string rather than letting
// node-postgres turn it into a JS Date at local midnight, which shifts with the process time zone.
pgTypes.setTypeParser(pgTypes.builtins.DATE, (value: string) => value);

export type DatabaseKind = 'sqlite' | 'postgres';

export function databaseKind(url: string): DatabaseKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'postgres';
}

/** What TypeORM accepts as the entities of a data source: the features' entity classes. */
export type Entities = NonNullable<DataSourceOptions['entities']>;

/**
 * The one set of TypeORM options used by the app, the CLI commands and the tests, so they all
 * see the same entities and migration history. The entities are the features' (`src/entities.ts`
 * lists them); `synchronize` is never on: the schema is owned by the migrations.
 */
export function dataSourceOptions(url: string, entities: Entities): DataSourceOptions {
  const common = {
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  if (databaseKind(url) === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    const database = file === ':memory:' ? ':memory:' : resolve(file);
    if (database !== ':memory:') mkdirSync(dirname(database), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database,
      // Another process (the apikey command beside a running server) may hold the write lock.
      timeout: 5000,
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        db.pragma('foreign_keys = ON');
        // 32 MB of page cache (the default is 2 MB): the register's hot indexes stay in memory.
        db.pragma('cache_size = -32768');
        if (database !== ':memory:') db.pragma('journal_mode = WAL');
      },
    };
  }
  return {
    ...common,
    type: 'postgres',
    url,
    extra: { max: 10, application_name: 'contract-register' },
  };
}
