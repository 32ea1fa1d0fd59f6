import 'reflect-metadata';
import { ChildProcess, execFileSync, fork, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import autocannon from 'autocannon';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { AlertRunService } from '../src/alerts/alert-run.service';
import { AFTER_KEY_DATE } from '../src/alerts/plan-digests';
import { AppModule } from '../src/app.module';
import { CliModule } from '../src/cli/cli.module';
import { prepareDatabaseForCommand } from '../src/cli/prepare';
import { ClustersService } from '../src/clusters/clusters.service';
import { SystemClock } from '../src/common/clock';
import { addMonths } from '../src/common/dates';
import { loadConfig } from '../src/config/config';
import { Database } from '../src/database/database';
import { configureHttp, httpAdapter } from '../src/http/configure-http';
import type { FloorReply, FloorRequest, Skeleton } from './floor';

const ROOT = resolve(__dirname, '..', '..');
const DATA = join(ROOT, 'bench', 'data');
const NESTED = '{ boroughs { systems { supplier { name } category { name } product { name } } } }';
const CLUSTERS = '{ expiryClusters { id key boroughCount actionBy } }';
/** What a coordinator asks for: every opportunity of the next year with its members' contracts. */
const COORDINATOR =
  '{ expiryClusters { id key boroughCount actionBy window { start end } members { alignedEnd needsExtension system { id name contractEnd maxExtentDate borough { shortName } supplier { name } product { name } } } } }';
const SIXTY_MONTHS =
  '{ expiryClusters(input: { horizonMonths: 60 }) { id members { system { id } } } }';
const PAGE = '{ systems(limit: 10000) { id name contractEnd supplier { name } } }';

/** Alternating 4-second runs per server and query. */
const THROUGHPUT_ROUNDS = 3;
/** Cluster timings per register size: enough for a steady median on a noisy machine. */
const SAMPLES = 40;
/** Coordinator answers over HTTP per register size, each followed by a floor sample. */
const END_TO_END_SAMPLES = 15;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const time = async (work: () => unknown) => {
  // Each sample starts from a collected heap, so no sample pays for the garbage of the one before.
  global.gc?.();
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

/** The register with N systems: an SQLite file, or a fresh PostgreSQL database beside `pgBase`. */
async function dataset(systems: number, pgBase?: string): Promise<string> {
  const generate = (args: string[]) =>
    execFileSync(
      'node',
      [join(ROOT, 'dist-bench', 'bench', 'generate.js'), '--systems', String(systems), ...args],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
    );
  if (pgBase) {
    const url = new URL(pgBase);
    const name = `register_bench_${systems}`;
    const admin = new Client({ connectionString: pgBase });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    url.pathname = `/${name}`;
    generate(['--database-url', url.toString()]);
    return url.toString();
  }
  const file = join(DATA, `register-${systems}.db`);
  if (!existsSync(file)) generate(['--out', file]);
  return `sqlite:${file}`;
}

/** Cluster computation through the service, against reading the same rows straight from the driver. */
async function clusterTimes(url: string, systems: number) {
  const config = loadConfig({
    DATABASE_URL: url,
    NODE_ENV: 'development',
    ALERTS_ENABLED: 'false',
  });
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error'],
  });
  try {
    await prepareDatabaseForCommand(app);
    const service = app.get(ClustersService, { strict: false });
    const dataSource = app.get(Database).dataSource;
    // Catch the eligible-rows statement the service sends, to replay it bare.
    let captured: { sql: string; parameters: unknown[] } | undefined;
    const original = dataSource.logger.logQuery.bind(dataSource.logger);
    dataSource.logger.logQuery = (sql: string, parameters?: unknown[]) => {
      if (/FROM "it_system"/.test(sql) && /contract_end/.test(sql))
        captured = { sql, parameters: parameters ?? [] };
      return original(sql, parameters);
    };
    for (let i = 0; i < 3; i++) await service.find({});
    dataSource.logger.logQuery = original;
    const { sql, parameters } = captured!;
    let floor: () => Promise<unknown>;
    let closeFloor: () => Promise<unknown>;
    if (url.startsWith('sqlite:')) {
      const raw = new BetterSqlite3(url.slice('sqlite:'.length), { readonly: true });
      const statement = raw.prepare(sql);
      floor = async () => statement.all(...parameters);
      closeFloor = async () => raw.close();
    } else {
      const client = new Client({ connectionString: url });
      await client.connect();
      floor = () => client.query(sql, parameters);
      closeFloor = () => client.end();
    }
    for (let i = 0; i < 3; i++) await floor();
    // Service and floor take turns, so both see the machine in the same state: on a shared
    // machine the speed drifts by a third within a minute, which a run of one and then a run of
    // the other would read as a change in the ratio.
    const runs: number[] = [];
    const floors: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      runs.push(await time(() => service.find({})));
      floors.push(await time(floor));
    }
    await closeFloor();
    const p50Ms = round(percentile(runs, 50));
    const floorMs = round(percentile(floors, 50), 2);
    return {
      systems,
      asOf: new Date().toISOString().slice(0, 10),
      p50Ms,
      p95Ms: round(percentile(runs, 95)),
      floorMs,
      ratio: round(p50Ms / floorMs, 2),
    };
  } finally {
    await app.close();
  }
}

/** The server as `npm start` runs it, V8 flags included; `exec` keeps the pid the server's. */
function startService(url: string, port: number, extra: Record<string, string> = {}): ChildProcess {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return spawn('sh', ['-c', scripts.start], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH!,
      DATABASE_URL: url,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      ALERTS_ENABLED: 'false',
      RATE_LIMIT_PER_MINUTE: '100000000',
      ...extra,
    },
    stdio: 'ignore',
  });
}

async function waitForHealth(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('service did not start');
}

async function waitForGraphql(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      await post(port, CLUSTERS);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function post(port: number, query: string, variables?: object, key = 'demo-coordinator') {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 300));
  return body.data;
}

async function load(port: number, query: string) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: 'POST',
    connections: 10,
    duration: 4,
    headers: { 'content-type': 'application/json', authorization: 'Bearer demo-coordinator' },
    body: JSON.stringify({ query }),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx and ${result.errors} errors under load`);
  return { reqPerSec: round(result.requests.average), p99Ms: result.latency.p99 };
}

async function throughput(url: string) {
  const out = [];
  const port = 40000 + Math.floor(Math.random() * 10000);
  for (const [name, query] of [
    ['expiryClusters', CLUSTERS],
    ['boroughs { systems { supplier category product } }', NESTED],
    ['coordinator: expiryClusters { … members { … system { … } } }', COORDINATOR],
  ] as const) {
    const service = startService(url, port);
    await waitForHealth(port);
    await waitForGraphql(port);
    const bare = spawn(
      'node',
      [join(ROOT, 'dist-bench', 'bench', 'bare-server.js'), url, String(port + 1)],
      {
        cwd: ROOT,
        env: { PATH: process.env.PATH! },
        stdio: 'ignore',
      },
    );
    await waitForGraphql(port + 1);
    // Rounds of each in turn, as for the cluster timings: the machine's speed drifts between
    // one 8-second run and the next, and the ratio should not read that drift.
    // A first round of each, not counted, warms the JIT and the caches.
    await load(port, query);
    await load(port + 1, query);
    const measured: { reqPerSec: number; p99Ms: number }[] = [];
    const baseline: { reqPerSec: number; p99Ms: number }[] = [];
    for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
      measured.push(await load(port, query));
      baseline.push(await load(port + 1, query));
    }
    for (const child of [service, bare]) {
      child.kill();
      await new Promise((r) => child.once('exit', r));
    }
    const mean = (runs: { reqPerSec: number }[]) =>
      runs.reduce((sum, r) => sum + r.reqPerSec, 0) / runs.length;
    out.push({
      query: name,
      reqPerSec: round(mean(measured)),
      p99Ms: Math.max(...measured.map((r) => r.p99Ms)),
      baselineReqPerSec: round(mean(baseline)),
      ratio: round(mean(measured) / mean(baseline), 2),
    });
  }
  return out;
}

/** Statements sent for the nested query over every borough, counted in the server. */
async function sqlStatements(url: string): Promise<number> {
  const config = loadConfig({
    DATABASE_URL: url,
    NODE_ENV: 'development',
    ALERTS_ENABLED: 'false',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'error',
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config }),
    httpAdapter(config),
    { logger: ['error'], bodyParser: false },
  );
  await configureHttp(app, config);
  await app.listen(0, '127.0.0.1');
  try {
    const port = (app.getHttpServer().address() as { port: number }).port;
    const dataSource = app.get(Database).dataSource;
    let count = 0;
    const original = dataSource.logger.logQuery.bind(dataSource.logger);
    dataSource.logger.logQuery = (sql: string, parameters?: unknown[]) => {
      count++;
      return original(sql, parameters);
    };
    await post(port, NESTED);
    dataSource.logger.logQuery = original;
    return count;
  } finally {
    await app.close();
  }
}

async function submitTimes(url: string) {
  const port = 50000 + Math.floor(Math.random() * 5000);
  const service = startService(url, port);
  await waitForHealth(port);
  const query = `mutation($s: [ItSystemInput!]!) { submitTopSystems(gssCode: "E09000007", systems: $s) { version } }`;
  const runs: number[] = [];
  for (let i = 0; i < 220; i++) {
    const systems = Array.from({ length: 10 }, (_, r) => ({
      rank: r + 1,
      name: `Benchmark system ${r}`,
      categoryCode: 'erp',
      supplierName: r % 2 ? 'Civica UK Ltd' : 'CIVICA UK LIMITED',
      productName: 'Cx',
      contractReference: `BENCH-${r}`,
      contractEnd: `2027-0${1 + (r % 9)}-15`,
      annualValueGbp: 100_000 + i,
    }));
    const ms = await time(() => post(port, query, { s: systems }, 'demo-cmd'));
    if (i >= 20) runs.push(ms);
  }
  service.kill();
  await new Promise((r) => service.once('exit', r));
  return { p50Ms: round(percentile(runs, 50)), p99Ms: round(percentile(runs, 99)) };
}

async function alertRun(file: string) {
  const copy = join(mkdtempSync(join(tmpdir(), 'register-alerts-')), 'register.db');
  copyFileSync(file, copy);
  const raw = new BetterSqlite3(copy);
  const boroughs = raw.prepare('SELECT id FROM borough ORDER BY gss_code LIMIT 1000').all() as {
    id: string;
  }[];
  const insert = raw.prepare(
    `INSERT INTO alert_subscription (id, email, borough_id, lead_days, category_codes, active, created_by_key_id, created_at, updated_at)
     VALUES (?, ?, ?, '[365,180,90,30]', NULL, 1, NULL, '2026-01-01 00:00:00.000', '2026-01-01 00:00:00.000')`,
  );
  raw.transaction(() =>
    boroughs.forEach((b, i) => insert.run(randomUUID(), `lead${i}@example.org`, b.id)),
  )();
  raw.close();
  const cwd = process.cwd();
  const mailDir = mkdtempSync(join(tmpdir(), 'register-mail-'));
  process.chdir(mailDir);
  try {
    const config = loadConfig({
      DATABASE_URL: `sqlite:${copy}`,
      NODE_ENV: 'development',
      ALERTS_ENABLED: 'false',
      LOG_LEVEL: 'error',
    });
    const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
      logger: ['error'],
    });
    try {
      await prepareDatabaseForCommand(app);
      let run: Awaited<ReturnType<AlertRunService['run']>> | undefined;
      const ms = await time(async () => (run = await app.get(AlertRunService).run({})));
      // DESIGN §11's lines among the items: stale lists asked to be confirmed, and contracts whose
      // key date passed undecided (the milestone after the key date).
      const count = async (sql: string) =>
        Number((await app.get(Database).read((em) => em.query(sql)))[0].n);
      return {
        systems: 100_000,
        subscriptions: boroughs.length,
        seconds: round(ms / 1000, 2),
        emailsSent: run!.emailsSent,
        itemsQueued: run!.itemsQueued,
        staleListReminders: await count('SELECT COUNT(*) AS n FROM alert_reminder'),
        undecidedFollowUps: await count(
          `SELECT COUNT(*) AS n FROM alert_delivery WHERE milestone = ${AFTER_KEY_DATE}`,
        ),
      };
    } finally {
      await app.close();
    }
  } finally {
    process.chdir(cwd);
    rmSync(mailDir, { recursive: true, force: true });
  }
}

/**
 * A copy of the register that the production server can start on: its demo keys revoked (the
 * server refuses to start in production while any exist) and one coordinator key made with the
 * command a deployment uses.
 */
async function productionRegister(
  url: string,
): Promise<{ url: string; key: string; drop: () => Promise<void> }> {
  let copy: string;
  let drop: () => Promise<void>;
  if (url.startsWith('sqlite:')) {
    const dir = mkdtempSync(join(tmpdir(), 'register-production-'));
    const file = join(dir, 'register.db');
    copyFileSync(url.slice('sqlite:'.length), file);
    copy = `sqlite:${file}`;
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const source = new URL(url);
    const name = `${source.pathname.slice(1)}_production`;
    const admin = new URL(url);
    admin.pathname = '/postgres';
    const sql = async (statement: string) => {
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(statement);
      await client.end();
    };
    await sql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await sql(`CREATE DATABASE "${name}" TEMPLATE "${source.pathname.slice(1)}"`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    copy = target.toString();
    drop = () => sql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
  const apikey = (args: string[]) =>
    execFileSync('node', [join(ROOT, 'dist', 'cli', 'apikey.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, DATABASE_URL: copy, LOG_LEVEL: 'error' },
      encoding: 'utf8',
    });
  apikey(['revoke', '--demo']);
  const created = apikey(['create', '--role', 'COORDINATOR', '--label', 'Benchmark coordinator']);
  return { url: copy, key: created.trim().split('\n').at(-1)!, drop };
}

/** One answer over HTTP, read to its last byte, and how long that took. */
async function ask(
  port: number,
  query: string,
  key: string,
): Promise<{ ms: number; text: string }> {
  const start = process.hrtime.bigint();
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  const text = await res.text();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // graphql-js puts errors first: an answer without them starts with its data.
  if (!res.ok || !text.startsWith('{"data"'))
    throw new Error(`${res.status}: ${text.slice(0, 300)}`);
  return { ms, text };
}

interface Answer {
  data: { expiryClusters: (Omit<Skeleton, 'members'> & { members: Member[] })[] };
}
interface Member {
  alignedEnd: string;
  needsExtension: boolean;
  system: { id: string };
}

/**
 * The coordinator's query over HTTP against the production server (started as `npm start` starts
 * it, with NODE_ENV=production), each sample followed by one of the floor (bench/floor.ts: one
 * joined statement and JSON.stringify of the same answer, in a process of its own). The floor's
 * answer must be byte for byte the service's. With `memory`, the server then serves four
 * coordinator queries at once (three times), the 60-month query and a page of 10,000 systems, and
 * its peak RSS (VmHWM) over all of it is reported.
 */
async function endToEnd(url: string, systems: number, memory: boolean) {
  const production = await productionRegister(url);
  const port = 41000 + Math.floor(Math.random() * 4000);
  const service = startService(production.url, port, { NODE_ENV: 'production' });
  const floor = fork(join(ROOT, 'dist-bench', 'bench', 'floor.js'), [], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    await waitForHealth(port);
    const key = production.key;
    for (let i = 0; i < 3; i++) await ask(port, COORDINATOR, key);
    const first = await ask(port, COORDINATOR, key);
    const answer = JSON.parse(first.text) as Answer;
    const skeleton: Skeleton[] = answer.data.expiryClusters.map((c) => ({
      ...c,
      members: c.members.map((m) => ({
        alignedEnd: m.alignedEnd,
        needsExtension: m.needsExtension,
        systemId: m.system.id,
      })),
    }));
    const reply = () => new Promise<FloorReply>((resolve) => floor.once('message', resolve));
    const today = new SystemClock().today();
    const opened = reply();
    floor.send({
      kind: 'open',
      databaseUrl: production.url,
      from: today,
      until: addMonths(today, 12),
      skeleton,
    } satisfies FloorRequest);
    await opened;
    const sampleFloor = async () => {
      const sampled = reply();
      floor.send({ kind: 'sample' } satisfies FloorRequest);
      return (await sampled) as Extract<FloorReply, { kind: 'sample' }>;
    };
    for (let i = 0; i < 2; i++) await sampleFloor();
    const times: number[] = [];
    const floors: number[] = [];
    let floorAnswer: Extract<FloorReply, { kind: 'sample' }> | undefined;
    for (let i = 0; i < END_TO_END_SAMPLES; i++) {
      times.push((await ask(port, COORDINATOR, key)).ms);
      floorAnswer = await sampleFloor();
      floors.push(floorAnswer.ms);
    }
    const sha256 = createHash('sha256').update(first.text).digest('hex');
    if (floorAnswer!.sha256 !== sha256)
      throw new Error(`the floor's answer (${floorAnswer!.bytes} bytes) is not the service's`);
    const p50Ms = round(percentile(times, 50));
    const floorMs = round(percentile(floors, 50));
    const rows = [
      {
        systems,
        query: 'coordinator',
        members: skeleton.reduce((n, c) => n + c.members.length, 0),
        p50Ms,
        p95Ms: round(percentile(times, 95)),
        floorMs,
        ratio: round(p50Ms / floorMs, 2),
        bytes: Buffer.byteLength(first.text),
      },
    ];
    if (!memory) return { rows };
    for (let round = 0; round < 3; round++)
      await Promise.all([0, 1, 2, 3].map(() => ask(port, COORDINATOR, key)));
    for (const [query, text] of [
      ['expiryClusters(horizonMonths: 60) { id members { system { id } } }', SIXTY_MONTHS],
      ['systems(limit: 10000) { id name contractEnd supplier { name } }', PAGE],
    ]) {
      const once = await ask(port, text, key);
      const clusters = (JSON.parse(once.text) as Partial<Answer>).data?.expiryClusters;
      rows.push({
        systems,
        query,
        members: clusters ? clusters.reduce((n, c) => n + c.members.length, 0) : NaN,
        p50Ms: round(once.ms),
        p95Ms: round(once.ms),
        floorMs: NaN,
        ratio: NaN,
        bytes: Buffer.byteLength(once.text),
      });
    }
    const status = readFileSync(`/proc/${service.pid}/status`, 'utf8');
    return { rows, peakRssMb: round(Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024) };
  } finally {
    floor.kill();
    service.kill();
    await new Promise((r) => service.once('exit', r));
    await production.drop();
  }
}

/** The coordinator's query at 10,000 and 100,000 systems, and the server's peak RSS at 100,000. */
async function endToEndRuns(ten: string, hundred: string) {
  const small = await endToEnd(ten, 10_000, false);
  const large = await endToEnd(hundred, 100_000, true);
  const endToEndRows = [...small.rows, ...large.rows].map((row) => ({
    ...row,
    members: Number.isNaN(row.members) ? null : row.members,
    floorMs: Number.isNaN(row.floorMs) ? null : row.floorMs,
    ratio: Number.isNaN(row.ratio) ? null : row.ratio,
  }));
  console.table(endToEndRows);
  const scale = round(large.rows[0].p50Ms / small.rows[0].p50Ms, 2);
  console.table([{ peakRssMb: large.peakRssMb, timeAt100kOver10k: scale }]);
  return { endToEnd: endToEndRows, peakRssMb: large.peakRssMb!, endToEndScale: scale };
}

/** How long the mixed load runs; long enough for Apollo's document store to fill. */
/** Runs of each download: the time is their median, the peak their largest. */
const DOWNLOAD_RUNS = 3;

const kbOf = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(
    new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1],
  );

/** A download read to its last byte: how long that took, its size, and what it counted. */
async function fetchToLastByte(
  url: string,
  key: string | null,
  count: RegExp,
): Promise<{ ms: number; bytes: number; matches: number }> {
  const start = process.hrtime.bigint();
  const res = await fetch(url, key ? { headers: { authorization: `Bearer ${key}` } } : {});
  if (!res.ok || !res.body) throw new Error(`${res.status}: ${(await res.text()).slice(0, 300)}`);
  const decoder = new TextDecoder();
  let bytes = 0;
  let matches = 0;
  let tail = '';
  // Node's web stream is async-iterable; the DOM typing preact's JSX brings in says otherwise.
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    const text = tail + decoder.decode(chunk, { stream: true });
    const cut = text.lastIndexOf('\n') + 1;
    matches += text.slice(0, cut).match(count)?.length ?? 0;
    tail = text.slice(cut);
  }
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, bytes, matches };
}

/**
 * The downloads of DESIGN §7 at national scale against the production server: every system as
 * CSV and as an OCDS release package, and an all-borough calendar feed, each read to its last byte by a client as fast as the
 * network. The server's peak RSS while serving each (VmHWM, reset before each run through
 * /proc/<pid>/clear_refs) is set against its RSS when idle, after start-up and one small
 * download of each kind.
 */
async function downloads(url: string, systems: number) {
  const production = await productionRegister(url);
  const port = 41000 + Math.floor(Math.random() * 4000);
  const service = startService(production.url, port, { NODE_ENV: 'production' });
  try {
    await waitForHealth(port);
    const key = production.key;
    const created = await post(
      port,
      'mutation { createCalendarFeed(label: "Benchmark: every borough") { url } }',
      undefined,
      key,
    );
    const feedPath = new URL(
      (created as { createCalendarFeed: { url: string } }).createCalendarFeed.url,
    ).pathname;
    const base = `http://127.0.0.1:${port}`;
    const kinds = [
      { download: 'exports/systems.csv', path: '/exports/systems.csv', key, count: /\r\n/g },
      // One release a line: the package's head, then `{"ocid"…}` lines.
      { download: 'exports/ocds.json', path: '/exports/ocds.json', key, count: /^\{"ocid"/gm },
      {
        download: 'calendar feed, every borough',
        path: feedPath,
        key: null,
        count: /^BEGIN:VEVENT/gm,
      },
    ];
    await fetchToLastByte(`${base}/exports/E09000007/systems.csv`, key, /\n/g);
    for (const kind of kinds) await fetchToLastByte(`${base}${kind.path}`, kind.key, kind.count);
    await new Promise((r) => setTimeout(r, 3000));
    const idleMb = round(kbOf(service.pid!, 'VmRSS') / 1024);
    const rows = [];
    for (const kind of kinds) {
      const times: number[] = [];
      const peaks: number[] = [];
      let last = { bytes: 0, matches: 0 };
      for (let i = 0; i < DOWNLOAD_RUNS; i++) {
        writeFileSync(`/proc/${service.pid}/clear_refs`, '5');
        const got = await fetchToLastByte(`${base}${kind.path}`, kind.key, kind.count);
        peaks.push(kbOf(service.pid!, 'VmHWM') / 1024);
        times.push(got.ms);
        last = got;
        await new Promise((r) => setTimeout(r, 1000));
      }
      const peakMb = round(Math.max(...peaks));
      rows.push({
        systems,
        download: kind.download,
        lastByteMs: round(percentile(times, 50)),
        bytes: last.bytes,
        // CSV: records (with the header; a quoted line break counts too); OCDS: releases; feed: events.
        counted: last.matches,
        idleRssMb: idleMb,
        peakRssMb: peakMb,
        aboveIdleMb: round(peakMb - idleMb),
      });
    }
    return rows;
  } finally {
    service.kill();
    await new Promise((r) => service.once('exit', r));
    await production.drop();
  }
}

/** Console pages read per page and register size; first byte and last byte of each. */
const CONSOLE_SAMPLES = 20;

/** The cookies a response sets, as the `cookie` header a browser sends back. */
const cookiesOf = (res: Response, jar: Map<string, string>) => {
  for (const set of res.headers.getSetCookie()) {
    const [pair] = set.split(';');
    const at = pair.indexOf('=');
    jar.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
};

/**
 * Signs in at /sign-in as a browser does: the form's CSRF token and cookie, then the key posted
 * with them; the session cookie that comes back is what every page is read with.
 */
async function consoleSession(base: string, key: string): Promise<string> {
  const jar = new Map<string, string>();
  const form = await fetch(`${base}/sign-in`);
  const cookie = cookiesOf(form, jar);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('the sign-in form has no CSRF token');
  const signed = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: csrf, key }).toString(),
  });
  const session = cookiesOf(signed, jar);
  if (signed.status !== 303 || !jar.has('register_session'))
    throw new Error(`sign-in answered ${signed.status}: ${(await signed.text()).slice(0, 300)}`);
  return session;
}

/**
 * The console's pages (DESIGN §10) over HTTP against the production server, signed in as a
 * coordinator with a session cookie as a browser is: each page read to its last byte, its first
 * byte (the response's head) timed too. The pages are those a coordinator opens in a meeting:
 * the opportunities, the most urgent one, the register a page at a time in each order (the first
 * page and one halfway down, whose offset the database walks), the borough, supplier and product
 * with the most systems among the soonest-ending.
 */
async function consolePages(url: string, systems: number) {
  const production = await productionRegister(url);
  const port = 41000 + Math.floor(Math.random() * 4000);
  const service = startService(production.url, port, { NODE_ENV: 'production' });
  try {
    await waitForHealth(port);
    const base = `http://127.0.0.1:${port}`;
    const key = production.key;
    const picked = (await post(
      port,
      '{ expiryClusters { id } systems(limit: 1000) { borough { gssCode } supplier { id } product { id } } }',
      undefined,
      key,
    )) as {
      expiryClusters: { id: string }[];
      systems: {
        borough: { gssCode: string };
        supplier: { id: string };
        product: { id: string } | null;
      }[];
    };
    const commonest = (ids: (string | undefined)[]) => {
      const counts = new Map<string, number>();
      for (const id of ids) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1])[0][0];
    };
    const halfway = Math.max(1, Math.floor(systems / 50 / 2));
    const pages = [
      '/',
      '/clusters',
      `/clusters/${encodeURIComponent(picked.expiryClusters[0].id)}`,
      '/systems',
      `/systems?page=${halfway}`,
      '/systems?sort=borough',
      `/systems?sort=borough&page=${halfway}`,
      '/systems?sort=supplier',
      `/systems?sort=supplier&page=${halfway}`,
      // What a coordinator chases (DESIGN §11): the undecided entries of stale lists.
      '/systems?decision=UNDECIDED&staleList=true',
      `/systems?decision=UNDECIDED&staleList=true&page=${Math.max(1, Math.floor(halfway / 3))}`,
      `/boroughs/${commonest(picked.systems.map((s) => s.borough.gssCode))}`,
      `/suppliers/${commonest(picked.systems.map((s) => s.supplier.id))}`,
      `/products/${commonest(picked.systems.map((s) => s.product?.id))}`,
    ];
    const cookie = await consoleSession(base, key);
    const read = async (path: string) => {
      const start = process.hrtime.bigint();
      const res = await fetch(`${base}${path}`, { headers: { cookie }, redirect: 'manual' });
      const firstByte = Number(process.hrtime.bigint() - start) / 1e6;
      const html = await res.text();
      const lastByte = Number(process.hrtime.bigint() - start) / 1e6;
      // A page that signed out or refused would be fast and wrong: only the real page counts.
      if (res.status !== 200 || !html.includes('</html>'))
        throw new Error(`${path} answered ${res.status}: ${html.slice(0, 300)}`);
      return { firstByte, lastByte, bytes: Buffer.byteLength(html) };
    };
    const rows = [];
    for (const path of pages) {
      for (let i = 0; i < 3; i++) await read(path);
      const first: number[] = [];
      const last: number[] = [];
      let bytes = 0;
      for (let i = 0; i < CONSOLE_SAMPLES; i++) {
        const got = await read(path);
        first.push(got.firstByte);
        last.push(got.lastByte);
        bytes = got.bytes;
      }
      rows.push({
        systems,
        page: path.replace(/\/(clusters|boroughs|suppliers|products)\/[^?]+/, '/$1/<id>'),
        firstByteP50Ms: round(percentile(first, 50)),
        lastByteP50Ms: round(percentile(last, 50)),
        lastByteP95Ms: round(percentile(last, 95)),
        kb: round(bytes / 1024),
        hwmMb: round(kbOf(service.pid!, 'VmHWM') / 1024),
        rssMb: round(kbOf(service.pid!, 'VmRSS') / 1024),
      });
    }
    return { rows, peakRssMb: round(kbOf(service.pid!, 'VmHWM') / 1024) };
  } finally {
    service.kill();
    await new Promise((r) => service.once('exit', r));
    await production.drop();
  }
}

/** The console's pages at London scale and at 100,000 systems. */
async function consoleRuns(pg?: string) {
  const london = await consolePages(await dataset(330, pg), 330);
  const national = await consolePages(await dataset(100_000, pg), 100_000);
  const rows = [...london.rows, ...national.rows];
  console.table(rows);
  console.table([{ londonPeakRssMb: london.peakRssMb, nationalPeakRssMb: national.peakRssMb }]);
  return { pages: rows, peakRssMb: { london: london.peakRssMb, national: national.peakRssMb } };
}

const MIXED_SECONDS = Number(process.env.MIXED_SECONDS ?? 120);
const BOROUGHS = ['E09000007', 'E09000012', 'E09000019'];
const LEADS: Record<string, string> = {
  E09000007: 'demo-cmd',
  E09000012: 'demo-hck',
  E09000019: 'demo-isl',
};

/** A GraphQL value written into query text, as a curl example or a spreadsheet macro does. */
const literal = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(literal).join(', ')}]`
    : value !== null && typeof value === 'object'
      ? `{ ${Object.entries(value)
          .map(([k, v]) => `${k}: ${literal(v)}`)
          .join(', ')} }`
      : JSON.stringify(value);

/**
 * The fault probe's mixed load, bounded and on loopback: three borough leads submitting lists
 * (every third entry under new supplier and product names; half the submissions with their values
 * written into the query text, so each is a new document), cluster readers, borough readers and
 * history readers a page at a time, eight loops in all. Then kill -9 during writes and a restart
 * on the same database, with every borough's history checked. The server's RSS is sampled every
 * second; throughput is compared between the two halves.
 */
async function mixedLoad(url: string) {
  let target = url;
  let cleanup = () => undefined as void;
  if (url.startsWith('sqlite:')) {
    const dir = mkdtempSync(join(tmpdir(), 'register-mixed-'));
    const file = join(dir, 'register.db');
    copyFileSync(url.slice('sqlite:'.length), file);
    target = `sqlite:${file}`;
    cleanup = () => rmSync(dir, { recursive: true, force: true });
  }
  const port = 51000 + Math.floor(Math.random() * 4000);
  let service = startService(target, port);
  await waitForHealth(port);
  const versions = new Map<string, number>();
  for (const gss of BOROUGHS) {
    const data = (await post(port, `{ borough(gssCode: "${gss}") { version } }`)) as {
      borough: { version: number };
    };
    versions.set(gss, data.borough.version);
  }
  let fresh = 0;
  const list = (n: number) =>
    Array.from({ length: 10 }, (_, r) => {
      const renamed = (n + r) % 3 === 0 ? ++fresh : 0;
      return {
        rank: r + 1,
        name: `Mixed system ${r + 1}${renamed ? ` ${renamed}` : ''}`,
        categoryCode: ['erp', 'crm', 'housing-management', 'revenues-benefits', 'parking'][r % 5],
        supplierName: renamed ? `Mixed Supplier ${renamed} Ltd` : 'Civica UK Ltd',
        productName: renamed ? `Mixed Product ${renamed}` : 'Cx',
        contractReference: `MIX-${r + 1}`,
        contractEnd: `2027-0${1 + (r % 9)}-15`,
        annualValueGbp: 1000 * (n % 100),
      };
    });
  const submit = async (gss: string, n: number) => {
    const systems = list(n);
    const expectedVersion = versions.get(gss)!;
    const data = (
      n % 2
        ? await post(
            port,
            `mutation { submitTopSystems(gssCode: ${literal(gss)}, systems: ${literal(systems)}, expectedVersion: ${expectedVersion}) { version } }`,
            undefined,
            LEADS[gss],
          )
        : await post(
            port,
            'mutation($g: String!, $s: [ItSystemInput!]!, $v: Int) { submitTopSystems(gssCode: $g, systems: $s, expectedVersion: $v) { version } }',
            { g: gss, s: systems, v: expectedVersion },
            LEADS[gss],
          )
    ) as { submitTopSystems: { version: number } };
    versions.set(gss, data.submitTopSystems.version);
  };
  const reads = [
    '{ expiryClusters { key boroughCount members { alignedEnd system { id name borough { shortName } } } } }',
    '{ boroughs { version systems { name supplier { name } } } }',
    `{ submissions(gssCode: "${BOROUGHS[0]}", limit: 10) { version submittedAt systems { rank name supplierName } } }`,
  ];

  const seconds: number[] = [];
  const rss: number[] = [];
  let answered = 0;
  let errors = 0;
  const statusOf = () => readFileSync(`/proc/${service.pid}/status`, 'utf8');
  const kb = (status: string, key: string) =>
    Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)![1]) / 1024;
  const started = Date.now();
  const until = started + MIXED_SECONDS * 1000;
  const sampler = setInterval(() => {
    seconds.push(answered);
    rss.push(round(kb(statusOf(), 'VmRSS')));
  }, 1000);
  const loop = async (step: (n: number) => Promise<unknown>) => {
    for (let n = 0; Date.now() < until; n++) {
      try {
        await step(n);
        answered++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all([
    ...BOROUGHS.map((gss) => loop((n) => submit(gss, n))),
    ...[0, 0, 1, 1, 2].map((i) => loop(() => post(port, reads[i]))),
  ]);
  clearInterval(sampler);
  const peakRssMb = round(kb(statusOf(), 'VmHWM'));
  const perSecond = seconds.map((total, i) => total - (seconds[i - 1] ?? 0));
  const half = Math.floor(perSecond.length / 2);
  const mean = (xs: number[]) => round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));

  // Kill -9 with a submission of each borough in flight, restart, and read the history back.
  const inFlight = BOROUGHS.map((gss, i) => submit(gss, 1_000_000 + i).catch(() => undefined));
  await new Promise((r) => setTimeout(r, 5));
  const killed = new Promise((r) => service.once('exit', r));
  service.kill('SIGKILL');
  await Promise.all([killed, ...inFlight]);
  service = startService(target, port);
  await waitForHealth(port);
  let historyIntact = true;
  for (const gss of BOROUGHS) {
    const data = (await post(
      port,
      `{ borough(gssCode: "${gss}") { version systems { name } } submissions(gssCode: "${gss}", limit: 1000) { version systems { name } } }`,
    )) as {
      borough: { version: number; systems: { name: string }[] };
      submissions: { version: number; systems: { name: string }[] }[];
    };
    const numbers = data.submissions.map((s) => s.version);
    const contiguous = numbers.every((v, i) => v === data.borough.version - i);
    const whole = data.submissions.every((s) => s.systems.length > 0);
    const current =
      JSON.stringify(data.submissions[0]?.systems) === JSON.stringify(data.borough.systems);
    // Every version the load was told of is still there.
    const kept = data.borough.version >= versions.get(gss)!;
    historyIntact &&= contiguous && whole && current && kept;
  }
  service.kill();
  await new Promise((r) => service.once('exit', r));
  cleanup();
  return {
    seconds: MIXED_SECONDS,
    requests: answered,
    errors,
    firstHalfReqPerSec: mean(perSecond.slice(0, half)),
    secondHalfReqPerSec: mean(perSecond.slice(half)),
    rssStartMb: rss[0],
    rssEndMb: rss.at(-1),
    peakRssMb,
    historyIntactAfterKill: historyIntact,
  };
}

async function startup(url: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const port = 46000 + Math.floor(Math.random() * 4000);
    const ms = await time(async () => {
      const service = startService(url, port);
      await waitForHealth(port);
      service.kill();
      await new Promise((r) => service.once('exit', r));
    });
    times.push(ms);
  }
  return Math.round(percentile(times, 50));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { 'database-url': { type: 'string' }, only: { type: 'string' } },
  });
  mkdirSync(DATA, { recursive: true });
  const resultsFile = join(ROOT, 'bench', 'results.json');
  const previous = existsSync(resultsFile)
    ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>)
    : {};
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model,
    node: process.version,
    date: new Date().toISOString(),
  };

  if (values['database-url'] && values.only === 'mixed') {
    const mixed = await mixedLoad(await dataset(330, values['database-url']));
    console.table([mixed]);
    const postgres = { ...(previous.postgres as object), mixedLoad: mixed };
    writeFileSync(resultsFile, `${JSON.stringify({ ...previous, postgres }, null, 2)}\n`);
    return;
  }

  if (values.only === 'endToEnd') {
    const pg = values['database-url'];
    const runs = await endToEndRuns(await dataset(10_000, pg), await dataset(100_000, pg));
    const results = pg
      ? { ...previous, postgres: { ...(previous.postgres as object), machine, ...runs } }
      : { ...previous, machine, ...runs };
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    return;
  }

  if (values.only === 'console') {
    const pg = values['database-url'];
    const consoleResults = await consoleRuns(pg);
    const results = pg
      ? { ...previous, postgres: { ...(previous.postgres as object), console: consoleResults } }
      : { ...previous, machine, console: consoleResults };
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    return;
  }

  if (values['database-url']) {
    const pg = values['database-url'];
    const clusters = [];
    for (const n of [330, 10_000, 100_000])
      clusters.push(await clusterTimes(await dataset(n, pg), n));
    const london = await dataset(330, pg);
    const results = {
      ...previous,
      postgres: {
        machine,
        clusters,
        ...(await endToEndRuns(await dataset(10_000, pg), await dataset(100_000, pg))),
        throughput: await throughput(london),
        mixedLoad: await mixedLoad(london),
      },
    };
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    console.table(clusters);
    console.table(results.postgres.throughput);
    console.table([results.postgres.mixedLoad]);
    return;
  }

  if (values.only === 'downloads') {
    const pg = values['database-url'];
    const rows = await downloads(await dataset(100_000, pg), 100_000);
    console.table(rows);
    const results = pg
      ? { ...previous, postgres: { ...(previous.postgres as object), downloads: rows } }
      : { ...previous, machine, downloads: rows };
    writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
    return;
  }

  if (values.only === 'mixed') {
    const mixed = await mixedLoad(await dataset(330));
    console.table([mixed]);
    writeFileSync(
      resultsFile,
      `${JSON.stringify({ ...previous, machine, mixedLoad: mixed }, null, 2)}\n`,
    );
    return;
  }

  if (values.only === 'clusters') {
    const clusters = [];
    for (const n of [330, 10_000, 100_000]) clusters.push(await clusterTimes(await dataset(n), n));
    console.table(clusters);
    writeFileSync(resultsFile, `${JSON.stringify({ ...previous, machine, clusters }, null, 2)}\n`);
    return;
  }

  if (values.only === 'alerts') {
    const alerts = await alertRun((await dataset(100_000)).slice('sqlite:'.length));
    console.table([alerts]);
    writeFileSync(
      resultsFile,
      `${JSON.stringify({ ...previous, machine, alertRun: alerts }, null, 2)}\n`,
    );
    return;
  }

  if (values.only === 'throughput') {
    const tp = await throughput(await dataset(330));
    console.table(tp);
    writeFileSync(
      resultsFile,
      `${JSON.stringify({ ...previous, machine, throughput: tp }, null, 2)}\n`,
    );
    return;
  }

  const london = await dataset(330);
  const tenThousand = await dataset(10_000);
  const hundredThousand = await dataset(100_000);
  const clusters = [
    await clusterTimes(london, 330),
    await clusterTimes(tenThousand, 10_000),
    await clusterTimes(hundredThousand, 100_000),
  ];
  console.table(clusters);
  const sql = { small: await sqlStatements(london), large: await sqlStatements(tenThousand) };
  console.table([sql]);
  const submit = await submitTimes(`sqlite:${join(DATA, 'register-330.db')}`);
  console.table([submit]);
  const tp = await throughput(london);
  console.table(tp);
  const alerts = await alertRun(hundredThousand.slice('sqlite:'.length));
  console.table([alerts]);
  const runs = await endToEndRuns(tenThousand, hundredThousand);
  const startupMs = await startup(hundredThousand);
  console.table([{ startupMs }]);
  const mixed = await mixedLoad(london);
  console.table([mixed]);
  const downloadRows = await downloads(hundredThousand, 100_000);
  console.table(downloadRows);

  const results = {
    ...previous,
    machine,
    clusters,
    throughput: tp,
    sqlStatements: sql,
    submit,
    alertRun: alerts,
    ...runs,
    startupMs,
    mixedLoad: mixed,
    downloads: downloadRows,
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`Wrote ${resultsFile}`);
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
