import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { Mutex } from './mutex';

/** A PostgreSQL advisory lock: a fixed number shared by every instance of the service. */
export class AdvisoryLock {
  private static readonly taken = new Map<number, string>();

  private constructor(
    readonly id: number,
    readonly purpose: string,
  ) {}

  /** Declared once, by the feature that takes it; two purposes never share a number. */
  static define(id: number, purpose: string): AdvisoryLock {
    const holder = AdvisoryLock.taken.get(id);
    if (holder !== undefined) throw new Error(`Advisory lock ${id} is already "${holder}"`);
    AdvisoryLock.taken.set(id, purpose);
    return new AdvisoryLock(id, purpose);
  }
}

/**
 * How a transaction holds the rows it reads: `update` against other writers, `share` against
 * changes while letting other readers share, `claim` takes only rows no one else holds (a work
 * queue: two senders never take the same row).
 */
export type RowLock = 'update' | 'share' | 'claim';

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

  get kind(): 'sqlite' | 'postgres' {
    return this.dataSource.options.type === 'better-sqlite3' ? 'sqlite' : 'postgres';
  }

  private get isSqlite(): boolean {
    return this.kind === 'sqlite';
  }

  /** Whether the database answers a trivial statement. */
  async ping(): Promise<boolean> {
    try {
      await this.read((em) => em.query('SELECT 1'));
      return true;
    } catch {
      return false;
    }
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
      [lock.id],
    );
  }

  /**
   * Holds the rows `query` reads until the transaction ends (`SELECT … FOR UPDATE` and kin) on
   * PostgreSQL. SQLite needs nothing: its mutex already runs one transaction at a time, and it
   * has no row locks.
   */
  lockRows<T extends ObjectLiteral>(
    query: SelectQueryBuilder<T>,
    lock: RowLock,
  ): SelectQueryBuilder<T> {
    if (this.isSqlite) return query;
    if (lock === 'share') return query.setLock('pessimistic_read');
    query.setLock('pessimistic_write');
    return lock === 'claim' ? query.setOnLocked('skip_locked') : query;
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex ? this.mutex.run(work) : work();
  }
}
