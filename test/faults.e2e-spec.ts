import { entry, SUBMIT } from './helpers/lists';
import { Outcome, ServerProcess, startServerProcess } from './helpers/server-process';
import { onPostgres, throwawayDatabase } from './helpers/test-app';

/**
 * Bounded so that CI runs it on both databases: a few seconds of load and three kills. Raise them
 * to explore, e.g. `FAULTS_LOAD_MS=60000 FAULTS_KILLS=20 npx jest test/faults`.
 */
const LOAD_MS = Number(process.env.FAULTS_LOAD_MS ?? 4000);
const KILLS = Number(process.env.FAULTS_KILLS ?? 3);

/** Each writer is the lead of its own borough, so it knows the version and never conflicts. */
const WRITERS = [
  { gssCode: 'E09000007', key: 'demo-cmd', tag: 'CMD' },
  { gssCode: 'E09000012', key: 'demo-hck', tag: 'HCK' },
  { gssCode: 'E09000019', key: 'demo-isl', tag: 'ISL' },
];
type Writer = (typeof WRITERS)[number];

/** Categories the demo lists also hold, so that the new entries join clusters with theirs. */
const CATEGORIES = ['housing-management', 'erp', 'revenues-benefits', 'social-care'];

const CLUSTERS = `{ expiryClusters { key boroughCount members { alignedEnd system { id name } } } }`;
const BOROUGH = `query($g: String!) { borough(gssCode: $g) { version systems { rank name } } }`;
const HISTORY = `query($g: String!) { submissions(gssCode: $g) { version action systems { rank name } } }`;

/** A list as compared here: its entries in rank order, each as "rank name". */
type Signature = string[];
const signature = (systems: { rank: number; name: string }[]): Signature =>
  [...systems].sort((a, b) => a.rank - b.rank).map((s) => `${s.rank} ${s.name}`);
const same = (a: Signature, b: Signature) => a.join('\n') === b.join('\n');

/** The 15th of the month `months` from now: inside the clusters' default 12-month horizon. */
function monthsAhead(months: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + months, 15))
    .toISOString()
    .slice(0, 10);
}

/**
 * The writer's n-th list: 1 to 10 entries, every name carrying n so no two lists are alike, and
 * every third list naming a supplier and a product nobody has named before.
 */
function list(tag: string, n: number): Record<string, unknown>[] {
  return Array.from({ length: 1 + (n % 10) }, (_, i) => {
    const rank = i + 1;
    const fresh =
      n % 3 === 0 && rank === 1
        ? {
            supplierName: `Faults Newco ${tag} ${n} Ltd`,
            productName: `Faults Product ${tag} ${n}`,
          }
        : {};
    return entry(rank, {
      name: `${tag} list ${n} entry ${rank}`,
      categoryCode: CATEGORIES[(n + i) % CATEGORIES.length],
      contractReference: `${tag}-${n}-${rank}`,
      contractEnd: monthsAhead(2 + ((n + i) % 9)),
      ...fresh,
    });
  });
}

/** Outcomes by kind: "OK", an error code with its message, an HTTP status, or no answer. */
type Tally = Record<string, number>;
const count = (tally: Tally, kind: string) => (tally[kind] = (tally[kind] ?? 0) + 1);
const total = (tally: Tally) => Object.values(tally).reduce((a, b) => a + b, 0);
/** Requests the kill cut off: expected, so kept apart from the tallies that are asserted. */
const INTERRUPTED = 'interrupted by the kill';
const UUID = /[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g;

function kind(outcome: Outcome, server: ServerProcess): string {
  if (!outcome.answered) return server.killed ? INTERRUPTED : `no answer: ${outcome.error}`;
  if (outcome.status >= 500) return `HTTP ${outcome.status}`;
  if (outcome.errors?.length) {
    const [error] = outcome.errors;
    // Outside production an internal error carries its message as `detail`. Ids vary from run
    // to run; the rest says which fault it was.
    const message = [error.message, error.extensions?.detail].filter(Boolean).join(': ');
    return `${error.extensions?.code ?? 'no code'}: ${message.replace(UUID, '<id>')}`;
  }
  return outcome.status === 200 && outcome.data ? 'OK' : `HTTP ${outcome.status}`;
}

/** What the writers sent: every attempt, with what became of it as far as they know. */
interface Attempt {
  gssCode: string;
  expectedVersion: number;
  list: Signature;
  /** The version the server acknowledged; unset if it refused or never answered. */
  acknowledged?: number;
  /** Sent but never answered, because the kill came first: it may or may not have landed. */
  cutOff?: boolean;
}

/** A borough read: the version and the list it was answered with. */
interface Observation {
  gssCode: string;
  version: number;
  list: Signature;
}

/** One stretch of load against one server process. */
class Run {
  readonly writes: Tally = {};
  readonly boroughReads: Tally = {};
  readonly clusterReads: Tally = {};
  stopping = false;
  inFlight = 0;
  acknowledged = 0;
  readonly attempts: Attempt[] = [];
  started = Date.now();
  seconds = 0;
}

describe('Load and faults on the server process (e2e)', () => {
  let database: { url: string; drop: () => Promise<void> };
  let server: ServerProcess;
  const counters = new Map<string, number>(WRITERS.map((w) => [w.tag, 0]));
  const attempts: Attempt[] = [];
  const observations: Observation[] = [];
  let load: Run;
  const rounds: Run[] = [];
  let kills = 0;
  let cutOff = 0;
  let cutOffLanded = 0;

  const start = async () => {
    server = await startServerProcess({
      // Not production, so the demo and its keys are loaded on the empty database.
      NODE_ENV: 'test',
      RATE_LIMIT_PER_MINUTE: '10000000',
      DATABASE_URL: database.url,
    });
  };

  beforeAll(async () => {
    database = await throwawayDatabase({ sqliteFile: true });
    await start();
  });
  afterAll(async () => {
    await server?.kill('SIGTERM');
    await database?.drop();
    const served = [load, ...rounds]
      .filter(Boolean)
      .flatMap((r) => [r.writes, r.boroughReads, r.clusterReads])
      .reduce((sum, t) => sum + total(t) - (t[INTERRUPTED] ?? 0), 0);
    const reads = load ? total(load.boroughReads) + total(load.clusterReads) : 0;
    console.log(
      `faults on ${onPostgres() ? 'PostgreSQL' : 'SQLite'}: ${served} requests answered; ` +
        (load
          ? `load ${load.seconds.toFixed(1)} s: ${total(load.writes)} writes ` +
            `(${(total(load.writes) / load.seconds).toFixed(0)}/s), ${reads} reads ` +
            `(${(reads / load.seconds).toFixed(0)}/s); `
          : '') +
        `${kills} kill -9s cut off ${cutOff} writes, ${cutOffLanded} of which had landed`,
    );
  });

  const versionOf = async (gssCode: string): Promise<number | undefined> => {
    const res = await server.gql(BOROUGH, { g: gssCode }, 'demo-coordinator');
    return res.answered ? res.data?.borough?.version : undefined;
  };

  async function write(run: Run, w: Writer): Promise<void> {
    let version = await versionOf(w.gssCode);
    while (version !== undefined && !run.stopping) {
      const n = counters.get(w.tag)!;
      counters.set(w.tag, n + 1);
      const systems = list(w.tag, n);
      const attempt: Attempt = {
        gssCode: w.gssCode,
        expectedVersion: version,
        list: signature(systems as { rank: number; name: string }[]),
      };
      attempts.push(attempt);
      run.attempts.push(attempt);
      run.inFlight++;
      const res = await server.gql(
        SUBMIT,
        { gssCode: w.gssCode, systems, expectedVersion: version },
        w.key,
      );
      run.inFlight--;
      let outcome = kind(res, server);
      if (outcome === 'OK') {
        const answer = res.answered && res.data!.submitTopSystems;
        if (answer.version !== version + 1) outcome = `acknowledged as version ${answer.version}`;
        else if (!same(signature(answer.systems), attempt.list))
          outcome = 'acknowledged with another list';
        attempt.acknowledged = answer.version;
        run.acknowledged++;
        version = answer.version;
      }
      count(run.writes, outcome);
      if (outcome === INTERRUPTED) {
        attempt.cutOff = true;
        return;
      }
      // Refused, or unanswered while the server ran: start again from the version it holds.
      if (attempt.acknowledged === undefined) version = await versionOf(w.gssCode);
    }
  }

  async function readClusters(run: Run): Promise<void> {
    while (!run.stopping) {
      const outcome = kind(await server.gql(CLUSTERS, {}, 'demo-coordinator'), server);
      count(run.clusterReads, outcome);
      if (outcome === INTERRUPTED) return;
    }
  }

  async function readBoroughs(run: Run): Promise<void> {
    for (let i = 0; !run.stopping; i++) {
      const { gssCode } = WRITERS[i % WRITERS.length];
      const res = await server.gql(BOROUGH, { g: gssCode }, 'demo-coordinator');
      const outcome = kind(res, server);
      count(run.boroughReads, outcome);
      if (outcome === INTERRUPTED) return;
      if (outcome === 'OK' && res.answered) {
        const { version, systems } = res.data!.borough;
        observations.push({ gssCode, version, list: signature(systems) });
      }
    }
  }

  /** Writers for every borough and two readers, until `until` resolves. */
  async function runLoad(until: (run: Run) => Promise<void>): Promise<Run> {
    const run = new Run();
    const loops = [...WRITERS.map((w) => write(run, w)), readClusters(run), readBoroughs(run)];
    try {
      await until(run);
    } finally {
      run.stopping = true;
      await Promise.all(loops);
    }
    run.seconds = (Date.now() - run.started) / 1000;
    return run;
  }

  const history = async (gssCode: string) => {
    const res = await server.gql(HISTORY, { g: gssCode }, 'demo-coordinator');
    if (kind(res, server) !== 'OK' || !res.answered)
      throw new Error(`history: ${kind(res, server)}`);
    const versions = new Map<number, { action: string; list: Signature }>();
    for (const s of res.data!.submissions) {
      versions.set(s.version, { action: s.action, list: signature(s.systems) });
    }
    const order: number[] = res.data!.submissions.map((s: { version: number }) => s.version);
    return { order, versions };
  };

  /**
   * Everything wrong with a borough's history, as sentences (none when all is well): versions
   * must run 1..n, newest first, each a whole list sent for the version before it, every
   * acknowledged write must be there as acknowledged, and the current list must be the newest.
   */
  async function historyProblems(gssCode: string): Promise<string[]> {
    const problems: string[] = [];
    const { order, versions } = await history(gssCode);
    // Newest first, as the API promises; the newest is the borough's current version.
    const n = order[0] ?? 0;
    const missing = Array.from({ length: n }, (_, i) => i + 1).filter((v) => !versions.has(v));
    const repeated = order.filter((v, i) => order.indexOf(v) !== i);
    const descending = order.every((v, i) => i === 0 || v < order[i - 1]);
    if (missing.length || repeated.length || !descending) {
      problems.push(
        `${gssCode}: versions up to ${n} lack [${missing.join(',')}], repeat ` +
          `[${repeated.join(',')}]${descending ? '' : ', not newest first'}`,
      );
    }
    if (versions.get(1)?.action !== 'seed') problems.push(`${gssCode}: version 1 is not the demo`);
    const sent = attempts.filter((a) => a.gssCode === gssCode);
    for (const [version, { action, list }] of versions) {
      if (version === 1) continue;
      const candidates = sent.filter((a) => a.expectedVersion === version - 1);
      if (action !== 'submit' || !candidates.some((a) => same(a.list, list))) {
        const longest = Math.max(0, ...candidates.map((a) => a.list.length));
        problems.push(
          `${gssCode} v${version} (${action}) is no list sent for it: ${list.length} entries, ` +
            `${candidates.length} lists sent, the longest of ${longest}`,
        );
      }
    }
    for (const a of sent.filter((a) => a.acknowledged !== undefined)) {
      const stored = versions.get(a.acknowledged!);
      if (!stored) problems.push(`${gssCode}: acknowledged v${a.acknowledged} is missing`);
      else if (!same(stored.list, a.list)) {
        problems.push(
          `${gssCode}: acknowledged v${a.acknowledged} holds ${stored.list.length} entries, ` +
            `not the ${a.list.length} sent`,
        );
      }
    }
    const current = await server.gql(BOROUGH, { g: gssCode }, 'demo-coordinator');
    if (kind(current, server) !== 'OK' || !current.answered) {
      problems.push(`${gssCode}: current list: ${kind(current, server)}`);
    } else {
      const { version, systems } = current.data!.borough;
      if (version !== n) problems.push(`${gssCode}: current version ${version}, newest ${n}`);
      if (!same(signature(systems), versions.get(n)?.list ?? [])) {
        problems.push(`${gssCode}: current list is not the snapshot of v${n}`);
      }
    }
    return problems;
  }

  /** The first few problems, so that a badly broken run still fails with a readable message. */
  const firstOf = (problems: string[], shown = 8) =>
    problems.length > shown
      ? [...problems.slice(0, shown), `… ${problems.length} problems in all`]
      : problems;

  it(`answers every write and read of ${LOAD_MS / 1000} s of concurrent load with data, never a 5xx or an error`, async () => {
    load = await runLoad(() => new Promise((r) => setTimeout(r, LOAD_MS)));
    expect(load.writes).toEqual({ OK: total(load.writes) });
    expect(load.boroughReads).toEqual({ OK: total(load.boroughReads) });
    expect(load.clusterReads).toEqual({ OK: total(load.clusterReads) });
    // Enough of each for the load to mean something, even on a slow machine.
    expect(load.acknowledged).toBeGreaterThanOrEqual(3 * WRITERS.length);
    expect(total(load.boroughReads)).toBeGreaterThanOrEqual(10);
    expect(total(load.clusterReads)).toBeGreaterThanOrEqual(3);
  });

  it('records every acknowledged write of the load as its own whole version, numbered 1..n', async () => {
    const problems = (await Promise.all(WRITERS.map((w) => historyProblems(w.gssCode)))).flat();
    expect(firstOf(problems)).toEqual([]);
    for (const w of WRITERS) {
      const acknowledged = load.attempts.filter(
        (a) => a.gssCode === w.gssCode && a.acknowledged !== undefined,
      );
      expect(await versionOf(w.gssCode)).toBe(1 + acknowledged.length);
    }
  });

  it(`keeps every acknowledged write, whole and numbered 1..n, through ${KILLS} kill -9s with writes in flight`, async () => {
    const problems: string[] = [];
    for (let round = 1; round <= KILLS; round++) {
      const run = await runLoad(async (r) => {
        // A few writes in, then kill while most writers wait on an answer.
        const deadline = Date.now() + 20_000;
        while (!(r.acknowledged >= 2 + 2 * round && r.inFlight >= WRITERS.length - 1)) {
          if (Date.now() > deadline) throw new Error(`round ${round}: no writes in flight`);
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        await server.kill('SIGKILL');
        kills++;
      });
      rounds.push(run);
      await start();
      problems.push(
        ...(await Promise.all(WRITERS.map((w) => historyProblems(w.gssCode))))
          .flat()
          .map((p) => `after kill ${round}: ${p}`),
      );
      for (const a of run.attempts.filter((a) => a.cutOff)) {
        cutOff++;
        const { versions } = await history(a.gssCode);
        if (same(versions.get(a.expectedVersion + 1)?.list ?? [], a.list)) cutOffLanded++;
      }
    }
    expect(firstOf(problems)).toEqual([]);
    // Outcomes other than OK among the writes answered (a round may have none answered at all).
    for (const run of rounds) {
      const { [INTERRUPTED]: _interrupted, OK: _ok, ...failed } = run.writes;
      expect(failed).toEqual({});
    }
    // The kills came while writes were in flight (one answered in the last instant is not cut off).
    expect(cutOff).toBeGreaterThan(0);
  });

  it('answers every read around the kills with data, never a 5xx or an error, but those the kills cut off', () => {
    expect(rounds).toHaveLength(KILLS);
    for (const run of rounds) {
      for (const reads of [run.boroughReads, run.clusterReads]) {
        const { [INTERRUPTED]: _interrupted, OK: _ok, ...failed } = reads;
        expect(failed).toEqual({});
      }
    }
  });

  it("pairs the version of every borough read with that version's list", async () => {
    expect(observations.length).toBeGreaterThanOrEqual(10);
    const mismatched: string[] = [];
    for (const w of WRITERS) {
      const { versions } = await history(w.gssCode);
      for (const o of observations.filter((o) => o.gssCode === w.gssCode)) {
        if (same(versions.get(o.version)?.list ?? [], o.list)) continue;
        const actual = [...versions].find(([, v]) => same(v.list, o.list))?.[0];
        mismatched.push(`${o.gssCode} v${o.version} read with the list of v${actual ?? '?'}`);
      }
    }
    expect(firstOf(mismatched, 5)).toEqual([]);
  });
});
