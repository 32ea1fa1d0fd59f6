import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Client } from 'pg';
import request from 'supertest';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../../src/app.module';
import { configureConsole } from '../../src/console/console-http';
import { configureHttp, httpAdapter } from '../../src/http/configure-http';
import { prepareDatabase } from '../../src/bootstrap';
import { FixedClock } from '../../src/common/clock';
import { AppConfig, loadConfig } from '../../src/config/config';
import { Database } from '../../src/database/database';
import { TEST_NOW } from './test-clock';

export { TEST_NOW };

// Tests read whatever shape the query asked for.
type Data = Record<string, any>;

export interface GraphQLResponse<T = Data> {
  status: number;
  data?: T;
  errors?: {
    message: string;
    path?: string[];
    extensions: {
      code: string;
      fieldErrors?: { path: string; message: string }[];
      [k: string]: unknown;
    };
  }[];
}

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  clock: FixedClock;
  db: Database;
  databaseUrl: string;
  http: () => ReturnType<typeof request>;
  gql<T = Data>(
    query: string,
    variables?: Record<string, unknown>,
    key?: string | null,
  ): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/** Which database the e2e suites use: PostgreSQL when TEST_DATABASE_URL is set, else SQLite. */
export const onPostgres = (): boolean => Boolean(process.env.TEST_DATABASE_URL);

/**
 * A throwaway database for one suite: an in-memory SQLite database, or on PostgreSQL a database
 * of its own beside TEST_DATABASE_URL's, dropped when the suite ends, so suites run in parallel.
 */
export async function throwawayDatabase({ sqliteFile = false } = {}): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base && sqliteFile) {
    const dir = mkdtempSync(join(tmpdir(), 'register-test-'));
    return {
      url: `sqlite:${join(dir, 'register.db')}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!base) return { url: 'sqlite::memory:', drop: async () => undefined };
  const url = new URL(base);
  const name = `${url.pathname.slice(1)}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** Boots the whole service as `npm start` does (migrations, reference data, demo) on a test database. */
export async function createTestApp(
  env: Record<string, string> = {},
  shared?: { url: string },
): Promise<TestApp> {
  // A shared database (several instances of the service on one database) is dropped by its owner.
  const database = shared ? { ...shared, drop: async () => undefined } : await throwawayDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    // Tests run alerts themselves, on the test clock.
    ALERTS_ENABLED: 'false',
    ...env,
    DATABASE_URL: database.url,
  });
  const clock = new FixedClock(TEST_NOW);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, clock }),
    httpAdapter(config),
    {
      logger: ['fatal'],
      bodyParser: false,
    },
  );
  await configureHttp(app, config);
  await prepareDatabase(app);
  await configureConsole(app, config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const http = () => request(app.getHttpServer());
  return {
    app,
    config,
    clock,
    db: app.get(Database),
    databaseUrl: database.url,
    http,
    async gql(query, variables, key = 'demo-admin') {
      const req = http().post('/graphql').set('content-type', 'application/json');
      if (key !== null) req.set('authorization', `Bearer ${key}`);
      const res = await req.send({ query, variables });
      return { status: res.status, data: res.body.data, errors: res.body.errors };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** The error codes of a response, in order. */
export const codes = (res: GraphQLResponse): string[] =>
  (res.errors ?? []).map((e) => e.extensions.code);

/** The field error paths of a response's first error. */
export const fieldPaths = (res: GraphQLResponse): string[] =>
  (res.errors?.[0]?.extensions.fieldErrors ?? []).map((e) => e.path);
