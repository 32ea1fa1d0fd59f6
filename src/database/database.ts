import { DataSource, EntityManager } from 'typeorm';
import { Mutex } from './mutex';

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
    return this.serialised(() => this.dataSource.transaction(work));
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    return this.mutex ? this.mutex.run(work) : work();
  }
}
