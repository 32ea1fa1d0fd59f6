import { AsyncLocalStorage } from 'node:async_hooks';
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

/** One consistent view of the database, open until closed. */
interface Snapshot {
  manager: EntityManager;
  close(): Promise<void>;
}

/**
 * What the database knows of the request it is working for: whether its reads share one
 * snapshot (a request that only reads), and that snapshot once the first read has opened it.
 */
class RequestReads {
  shared = false;
  snapshot: Promise<Snapshot> | undefined;
}

/** Thrown when a request that declared it only reads tries to write: a bug, never the caller's. */
export class ReadOnlyRequestError extends Error {
  constructor() {
    super('A request that only reads tried to open a transaction');
  }
}

/**
 * Every piece of database work goes through here. On SQLite the single connection is shared, so
 * reads and transactions take turns under one mutex: a read never sees another request's
 * uncommitted rows and a write never lands inside another request's transaction. On PostgreSQL
 * each unit gets a pooled connection and the database does the isolation; services lock the rows
 * they change (`SELECT … FOR UPDATE`).
 *
 * Every read sees one consistent state: it runs in a read-only snapshot (PostgreSQL's REPEATABLE
 * READ, SQLite's read transaction under the mutex). A request that only reads (a GraphQL query)
 * goes further with `withinRequest` and `shareReads`: all its reads, however many resolvers
 * make them, share one snapshot, so `borough { version systems }` never pairs one version with
 * another's list, and names read for a cluster always cover its rows.
 */
export class Database {
  private readonly mutex: Mutex | undefined;
  private readonly requests = new AsyncLocalStorage<RequestReads>();

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

  /**
   * Reads in one snapshot: the request's shared one when it has asked for that, else one of its
   * own, closed when `work` ends.
   */
  async read<T>(work: Work<T>): Promise<T> {
    const request = this.requests.getStore();
    if (request?.shared) {
      request.snapshot ??= this.openSnapshot();
      return work((await request.snapshot).manager);
    }
    const snapshot = await this.openSnapshot();
    try {
      return await work(snapshot.manager);
    } finally {
      await snapshot.close();
    }
  }

  /**
   * Runs `run` (and everything it starts, however asynchronously) as one request: from the HTTP
   * layer, around the handler of a GraphQL request. Nothing is opened until a read needs it.
   */
  withinRequest<T>(run: () => T): T {
    return this.requests.run(new RequestReads(), run);
  }

  /**
   * From here on, the current request's reads share one snapshot, opened by the first of them and
   * held until `endRequestReads`. Only for work that reads: a transaction inside fails, because
   * on SQLite it would wait for the snapshot's own lock, and on PostgreSQL it would see nothing
   * newer than the snapshot.
   */
  shareReads(): void {
    const request = this.requests.getStore();
    if (request) request.shared = true;
  }

  /** Closes the current request's shared snapshot, if one was opened; later reads open their own. */
  async endRequestReads(): Promise<void> {
    const request = this.requests.getStore();
    if (!request) return;
    request.shared = false;
    const snapshot = request.snapshot;
    request.snapshot = undefined;
    // A snapshot that failed to open has nothing to close; its reads have reported the failure.
    const opened = await snapshot?.catch(() => undefined);
    await opened?.close();
  }

  /** One transaction: all of `work` commits, or none of it does. */
  transaction<T>(work: Work<T>): Promise<T> {
    if (this.requests.getStore()?.shared) return Promise.reject(new ReadOnlyRequestError());
    return this.serialised(() => this.dataSource.transaction(work));
  }

  /**
   * On SQLite, a mark that changes whenever another connection (a command run beside the server)
   * has committed since it was last read: SQLite's `data_version`. With a feature's own count of
   * its changes, it lets a service keep what it derived from tables that rarely change until they
   * might have. On PostgreSQL, with other instances writing, there is no such cheap mark: null,
   * keep nothing. Read it inside the read that uses the data.
   */
  async commitsByOthers(em: EntityManager): Promise<number | null> {
    if (!this.isSqlite) return null;
    const [{ data_version: version }] =
      await em.query<{ data_version: number }[]>('PRAGMA data_version');
    return version;
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

  /**
   * A read-only snapshot. PostgreSQL: a pooled connection in a REPEATABLE READ READ ONLY
   * transaction, whose first statement fixes what every later one sees. SQLite: the mutex, so no
   * write of this process lands meanwhile, and a read transaction (BEGIN), so neither does a
   * commit by another process (a command beside the server).
   */
  private async openSnapshot(): Promise<Snapshot> {
    if (this.mutex) {
      const release = await this.mutex.acquire();
      const manager = this.dataSource.manager;
      try {
        await manager.query('BEGIN');
      } catch (error) {
        release();
        throw error;
      }
      return {
        manager,
        close: async () => {
          try {
            await manager.query('COMMIT');
          } finally {
            release();
          }
        },
      };
    }
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    } catch (error) {
      await runner.release();
      throw error;
    }
    return {
      manager: runner.manager,
      close: async () => {
        try {
          // A read-only transaction has nothing to commit; after a failed statement PostgreSQL
          // turns COMMIT into ROLLBACK by itself.
          await runner.query('COMMIT');
        } finally {
          await runner.release();
        }
      },
    };
  }
}
