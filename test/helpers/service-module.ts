import { ModuleMetadata } from '@nestjs/common';
import { Test, TestingModule, TestingModuleBuilder } from '@nestjs/testing';
import { Role } from '../../src/access/role';
import { Principal } from '../../src/access/principal';
import { FixedClock } from '../../src/common/clock';
import { DomainError } from '../../src/common/domain-error';
import { loadConfig } from '../../src/config/config';
import { CoreModule } from '../../src/core/core.module';
import { Database } from '../../src/database/database';
import { applyMigrations } from '../../src/database/migrate';
import { SeedService } from '../../src/seeds/seed.service';
import { SeedsModule } from '../../src/seeds/seeds.module';
import { ItSystemInput } from '../../src/systems/dto/it-system.input';
import { entry } from './lists';
import { TEST_NOW } from './test-clock';

export interface ServiceModule {
  module: TestingModule;
  clock: FixedClock;
  db: Database;
  close(): Promise<void>;
}

export interface BootOptions {
  /**
   * Replaces what a side effect goes through before the module compiles, e.g.
   * `(builder) => builder.overrideProvider(Mailer).useValue(mailer)`.
   */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
}

/**
 * The middle tier of tests: the given feature modules, as the app wires them, over a fresh
 * in-memory SQLite database holding the schema and the reference data (33 boroughs, the
 * categories) but no demo, on a fixed clock. No HTTP, no GraphQL.
 */
export async function bootServices(
  imports: NonNullable<ModuleMetadata['imports']>,
  { override = (builder) => builder }: BootOptions = {},
): Promise<ServiceModule> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    ALERTS_ENABLED: 'false',
    DATABASE_URL: 'sqlite::memory:',
  });
  const clock = new FixedClock(TEST_NOW);
  const module = await override(
    Test.createTestingModule({
      imports: [CoreModule.forRoot({ config, clock }), SeedsModule, ...imports],
    }),
  ).compile();
  module.useLogger(['fatal']);
  await module.init();
  const db = module.get(Database);
  await applyMigrations(db.dataSource);
  await module.get(SeedService).loadReference();
  return { module, clock, db, close: () => module.close() };
}

/** A valid list entry as a service takes it; override what a test is about. */
export const input = (rank: number, overrides: Partial<ItSystemInput> = {}): ItSystemInput =>
  ({ ...entry(rank), ...overrides }) as ItSystemInput;

/** Someone acting through an API key of the given role (and, for a borough lead, borough). */
export const principal = (role: Role, boroughGssCode: string | null = null): Principal => ({
  keyId: null,
  label: `Spec ${role.toLowerCase()}`,
  role,
  boroughGssCode,
});

/**
 * The DomainError that `work` fails with, whether it throws at once or rejects; a test fails
 * if it succeeds or fails any other way.
 */
export async function domainError(work: () => Promise<unknown>): Promise<DomainError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but it succeeded');
}

const TABLES = [
  'borough',
  'it_system',
  'submission',
  'supplier',
  'supplier_alias',
  'product',
  'audit_event',
];

/** Every row of the tables a list change or a merge writes: equal before and after means nothing was written. */
export async function fingerprint(db: Database): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    dump[table] = await db.dataSource.query(`SELECT * FROM ${table} ORDER BY id`);
  }
  return dump;
}
