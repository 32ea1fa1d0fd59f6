import { DataSource, EntityManager } from 'typeorm';
import { Mutex } from './mutex';

/** Advisory lock keys: any fixed numbers shared by every instance of the service. */
export enum AdvisoryLock {
  /** Held while migrating and loading reference data at start. */
  STARTUP = 7_361_055_221,
  /** Shared by submissions, which read suppliers; exclusive for a merge, which deletes one. */
  SUPPLIER_SET = 7_361_055_222,
  /** Held by the one submission at a time that adds suppliers, aliases or products. */
  SUPPLIER_WRITES = 7_361_055_223,
}

export type Work<T> = (manager: EntityManager) => Promise<T>;

/**
 * Every piece of database work goes through here. On SQLite the single connection is shared, so
 * reads and transactions take turns under one mutex: a read never sees another request's
 * uncommitted rows and a write never lands inside another request's transaction. On PostgreSQL
 * each unit gets a pooled connection and the database does the isolation; services lock the rows
 * they change (`SELECT … FOR UPDATE`).
 */
export class Database {
  private readonly mutex: Mutex | undefined;
  /** Transactions this process has run: each may have changed something. */
  private transactions = 0;

  constructor(readonly dataSource: DataSource) {
    this.mutex = this.isSqlite ? new Mutex() : undefined;
  }

  get isSqlite(): boolean {
    return this.dataSource.options.type === 'better-sqlite3';
  }

  /** Reads outside a transaction. */
  read<T>(work: Work<T>): Promise<T> {
    return this.serialised(() => work(this.dataSource.manager));
  }

  /** One transaction: all of `work` commits, or none of it does. */
  transaction<T>(work: Work<T>): Promise<T> {
    return this.serialised(async () => {
      try {
        return await this.dataSource.transaction(work);
      } finally {
        this.transactions++;
      }
    });
  }

  /**
   * On SQLite, a mark that changes whenever anything may have been committed since it was last
   * read: a transaction of this process, or a commit by another connection (a command run beside
   * the server), which SQLite's `data_version` counts. Lets a service keep what it derived from
   * tables that rarely change until they might have. On PostgreSQL, with other instances writing,
   * there is no such cheap mark: null, keep nothing. Read it inside the read that uses the data.
   */
  async changeMark(em: EntityManager): Promise<string | null> {
    if (!this.isSqlite) return null;
    const [{ data_version: version }] =
      await em.query<{ data_version: number }[]>('PRAGMA data_version');
    return `${this.transactions}:${version}`;
  }

  /**
   * A PostgreSQL advisory lock held until the transaction ends. SQLite needs none: its mutex
   * already runs one transaction at a time.
   */
  async lockUntilCommit(
    em: EntityManager,
    lock: AdvisoryLock,
    mode: 'shared' | 'exclusive',
  ): Promise<void> {
    if (this.isSqlite) return;
    await em.query(
      mode === 'shared'
        ? 'SELECT pg_advisory_xact_lock_shared($1)'
        : 'SELECT pg_advisory_xact_lock($1)',
      [lock],
    );
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex ? this.mutex.run(work) : work();
  }
}
