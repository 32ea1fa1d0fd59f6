import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { Database, ReadOnlyRequestError } from './database';
import { dataSourceOptions } from './data-source-options';
import { migrate } from './migrate';

/**
 * SQLite has one connection, so without serialisation a second request's statements run inside
 * the first one's open transaction (typeorm/typeorm#1884). These tests pause inside a transaction
 * on a real event-loop turn, as a transaction that awaits I/O would, and check nobody gets in.
 */
describe(Database.name, () => {
  let db: Database;
  const count = async () =>
    Number((await db.read((em) => em.query('SELECT COUNT(*) AS n FROM category')))[0].n);
  const insert = (em: import('typeorm').EntityManager, code: string) =>
    em.query(
      `INSERT INTO category (id, code, name, kind, lead_time_months) VALUES ('${code}', '${code}', '${code}', 'CORPORATE', 12)`,
    );

  beforeEach(async () => {
    db = new Database(await new DataSource(dataSourceOptions('sqlite::memory:', [])).initialize());
    await migrate(db.dataSource);
  });
  afterEach(() => db.dataSource.destroy());

  it('keeps a read from seeing another transaction’s uncommitted rows', async () => {
    let seenDuring = -1;
    const writer = db.transaction(async (em) => {
      await insert(em, 'a');
      await yieldToEventLoop();
      await yieldToEventLoop();
      await insert(em, 'b');
    });
    await yieldToEventLoop();
    const reader = count().then((n) => (seenDuring = n));
    await Promise.all([writer, reader]);
    expect(seenDuring).toBe(2);
  });

  it('keeps a failing transaction from taking a concurrent one down with it', async () => {
    const failing = db.transaction(async (em) => {
      await insert(em, 'doomed');
      await yieldToEventLoop();
      await yieldToEventLoop();
      throw new Error('refused');
    });
    await yieldToEventLoop();
    const other = db.transaction(async (em) => {
      await insert(em, 'kept');
    });
    await expect(failing).rejects.toThrow('refused');
    await other;
    const codes = await db.read((em) => em.query('SELECT code FROM category ORDER BY code'));
    expect(codes).toEqual([{ code: 'kept' }]);
  });

  it('runs 20 interleaving transactions one after another', async () => {
    const order: string[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction(async (em) => {
          order.push(`start ${i}`);
          await insert(em, `c${i}`);
          await yieldToEventLoop();
          order.push(`end ${i}`);
        }),
      ),
    );
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => [`start ${i}`, `end ${i}`]).flat());
    expect(await count()).toBe(20);
  });

  it('keeps its mark across its own transactions and reads', async () => {
    const mark = () => db.read((em) => db.commitsByOthers(em));
    const before = await mark();
    await db.transaction((em) => insert(em, 'm'));
    expect(await mark()).toBe(before);
  });

  it('marks a commit by another connection to the same file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'register-mark-'));
    const file = join(dir, 'register.db');
    const own = new Database(
      await new DataSource(dataSourceOptions(`sqlite:${file}`, [])).initialize(),
    );
    try {
      await migrate(own.dataSource);
      const mark = () => own.read((em) => own.commitsByOthers(em));
      const before = await mark();
      const other = new BetterSqlite3(file);
      other
        .prepare(
          "INSERT INTO category (id, code, name, kind, lead_time_months) VALUES ('o', 'o', 'o', 'CORPORATE', 12)",
        )
        .run();
      other.close();
      expect(await mark()).not.toBe(before);
    } finally {
      await own.dataSource.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('a request whose reads share one snapshot', () => {
    /**
     * A request reads, a write from outside it arrives, and the request reads again: what each of
     * its two reads counted, and the count once the write has landed.
     */
    async function readTwiceAroundAWrite(share: boolean): Promise<number[]> {
      let firstReadDone!: () => void;
      const afterFirstRead = new Promise<void>((resolve) => (firstReadDone = resolve));
      let writerStarted!: () => void;
      const writerQueued = new Promise<void>((resolve) => (writerStarted = resolve));
      const request = db.withinRequest(async () => {
        if (share) db.shareReads();
        const first = await count();
        firstReadDone();
        await writerQueued;
        await yieldToEventLoop();
        await yieldToEventLoop();
        const second = await count();
        await db.endRequestReads();
        return [first, second];
      });
      await afterFirstRead;
      const writer = db.transaction((em) => insert(em, 'w'));
      writerStarted();
      const [counts] = await Promise.all([request, writer]);
      return [...counts, await count()];
    }

    it('sees one state in every read, and the write lands once the request ends', async () => {
      expect(await readTwiceAroundAWrite(true)).toEqual([0, 0, 1]);
    });

    it('sees the write between two reads when the request did not ask to share', async () => {
      expect(await readTwiceAroundAWrite(false)).toEqual([0, 1, 1]);
    });

    it('reports a snapshot that failed to open to its reads, and ends the request cleanly', async () => {
      const query = db.dataSource.manager.query.bind(db.dataSource.manager);
      const spy = jest
        .spyOn(db.dataSource.manager, 'query')
        .mockImplementation((sql: string, ...rest: unknown[]) =>
          sql === 'BEGIN'
            ? Promise.reject(new Error('disk I/O error'))
            : query(sql, ...(rest as [])),
        );
      try {
        await db.withinRequest(async () => {
          db.shareReads();
          await expect(count()).rejects.toThrow('disk I/O error');
          await expect(db.endRequestReads()).resolves.toBeUndefined();
        });
      } finally {
        spy.mockRestore();
      }
      // The lock was given back: the next read and write go ahead.
      await db.transaction((em) => insert(em, 'after'));
      expect(await count()).toBe(1);
    });

    it('refuses a transaction inside it, and writes nothing', async () => {
      await db.withinRequest(async () => {
        db.shareReads();
        await count();
        await expect(db.transaction((em) => insert(em, 'x'))).rejects.toBeInstanceOf(
          ReadOnlyRequestError,
        );
        await db.endRequestReads();
      });
      expect(await count()).toBe(0);
      await db.transaction((em) => insert(em, 'after'));
      expect(await count()).toBe(1);
    });
  });
});
