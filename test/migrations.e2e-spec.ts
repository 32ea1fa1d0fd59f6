import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ENTITIES } from '../src/entities';
import { migrate } from '../src/database/migrate';
import { CreateRegister1764115200000 } from '../src/database/migrations/1764115200000-CreateRegister';
import { createTestApp, onPostgres, throwawayDatabase } from './helpers/test-app';

const TABLES = [
  'alert_delivery',
  'alert_outbox',
  'alert_subscription',
  'api_key',
  'app_setting',
  'audit_event',
  'auth_setting',
  'borough',
  'category',
  'console_session',
  'it_system',
  'product',
  'submission',
  'supplier',
  'supplier_alias',
];

const ALL = [
  'CreateRegister1764115200000',
  'AddAlerts1764201600000',
  'AddAuditEvents1764288000000',
  'AddCurrentSystemsByEndIndex1764374400000',
  'AddOutboxClaimIndex1764460800000',
  'AddCalendarFeeds1764720000000',
  'AddBoroughNameIndex1764806400000',
  'AddConsoleSessions1764892800000',
  'AddRenewalDecisions1764979200000',
  'AddListReminders1765065600000',
];

describe(`Migrations on ${onPostgres() ? 'PostgreSQL' : 'SQLite'} (e2e)`, () => {
  let database: Awaited<ReturnType<typeof throwawayDatabase>>;
  let ds: DataSource;
  beforeEach(async () => {
    // A file, not memory, on SQLite: some tests open the same database twice.
    database = await throwawayDatabase({ sqliteFile: true });
    ds = await new DataSource(dataSourceOptions(database.url, ENTITIES)).initialize();
  });
  afterEach(async () => {
    await ds.destroy();
    await database.drop();
  });

  const tables = async () => {
    const runner = ds.createQueryRunner();
    try {
      const names: string[] = [];
      for (const t of TABLES) if (await runner.hasTable(t)) names.push(t);
      return names;
    } finally {
      await runner.release();
    }
  };

  it('migrates up, down and up again', async () => {
    expect(await migrate(ds)).toEqual(ALL);
    expect(await tables()).toEqual(TABLES);
    expect(await migrate(ds)).toEqual([]);
    for (const _ of ALL) await ds.undoLastMigration();
    expect(await tables()).toEqual([]);
    expect(await migrate(ds)).toEqual(ALL);
  });

  it('upgrades a database made by the first migration without losing its rows', async () => {
    const first = await new DataSource({
      ...dataSourceOptions(database.url, ENTITIES),
      migrations: [CreateRegister1764115200000],
    }).initialize();
    try {
      expect(await migrate(first)).toEqual(['CreateRegister1764115200000']);
      await first.query(
        `INSERT INTO borough (id, gss_code, lae_code, name, short_name) VALUES ('b', 'E09000007', 'CMD', 'Camden', 'Camden')`,
      );
    } finally {
      await first.destroy();
    }
    expect(await migrate(ds)).toEqual(ALL.slice(1));
    expect(await ds.query('SELECT gss_code FROM borough')).toEqual([{ gss_code: 'E09000007' }]);
  });

  it('enforces rank 1–10, one current entry per rank, and unique Companies House numbers', async () => {
    await migrate(ds);
    const q = (sql: string) => ds.query(sql);
    const now = onPostgres() ? 'now()' : `'2026-11-26 09:00:00.000'`;
    await q(
      `INSERT INTO borough (id, gss_code, lae_code, name, short_name) VALUES ('b', 'E09000007', 'CMD', 'Camden', 'Camden')`,
    );
    await q(
      `INSERT INTO category (id, code, name, kind, lead_time_months) VALUES ('c', 'erp', 'ERP', 'CORPORATE', 24)`,
    );
    await q(
      `INSERT INTO supplier (id, name, normalised_name, companies_house_number) VALUES ('s', 'NEC', 'nec', '00968498')`,
    );
    const system = (id: string, rank: number, retired = 'NULL') =>
      q(`INSERT INTO it_system (id, borough_id, rank, name, category_id, supplier_id, contract_end, updated_at, created_at, retired_at)
         VALUES ('${id}', 'b', ${rank}, 'x', 'c', 's', '2027-01-01', ${now}, ${now}, ${retired})`);
    await system('one', 1);
    await expect(system('eleven', 11)).rejects.toThrow();
    await expect(system('zero', 0)).rejects.toThrow();
    await expect(system('again', 1)).rejects.toThrow();
    await system('retired', 1, now);
    await expect(
      q(
        `INSERT INTO supplier (id, name, normalised_name, companies_house_number) VALUES ('s2', 'NEC 2', 'nec 2', '00968498')`,
      ),
    ).rejects.toThrow();
    await expect(
      q(`UPDATE it_system SET max_extent_date = '2026-12-31' WHERE id = 'one'`),
    ).rejects.toThrow();
    await expect(q(`DELETE FROM supplier WHERE id = 's'`)).rejects.toThrow();
  });

  if (onPostgres()) {
    it('starts three instances together on an empty database: one migrates and seeds, all serve', async () => {
      const apps = await Promise.all([1, 2, 3].map(() => createTestApp({}, { url: database.url })));
      try {
        for (const app of apps) {
          const res = await app.gql(
            '{ boroughs { version systems { id } } }',
            {},
            'demo-coordinator',
          );
          expect(res.data!.boroughs).toHaveLength(33);
          expect(res.data!.boroughs.every((b: { version: number }) => b.version === 1)).toBe(true);
        }
        const [{ n }] = await ds.query('SELECT COUNT(*)::int AS n FROM submission');
        expect(n).toBe(33);
      } finally {
        await Promise.all(apps.map((a) => a.close()));
      }
    });

    it('lets several instances start at once: one migrates, the others wait and find nothing to do', async () => {
      const others = await Promise.all(
        [1, 2, 3].map(() => new DataSource(dataSourceOptions(database.url, ENTITIES)).initialize()),
      );
      try {
        const applied = await Promise.all([ds, ...others].map((d) => migrate(d)));
        expect(applied.flat()).toEqual(ALL);
      } finally {
        await Promise.all(others.map((d) => d.destroy()));
      }
    });
  }
});
