import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';

const ROOT = join(__dirname, '..');

interface LogLine {
  level: string;
  context: string;
  message: string;
  stack?: unknown;
}
const jsonLines = (text: string): LogLine[] =>
  text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogLine);

describe('Production mode, as a real process (e2e)', () => {
  let dir: string;
  let env: Record<string, string>;
  let key: string;
  let server: ChildProcess;
  let stdout = '';
  let stderr = '';
  const port = 20000 + Math.floor(Math.random() * 20000);

  const start = (extra: Record<string, string> = {}) => {
    stdout = '';
    stderr = '';
    server = spawn('node', [join(ROOT, 'dist', 'main.js')], {
      cwd: ROOT,
      env: { ...env, PORT: String(port), ...extra },
    });
    server.stdout!.on('data', (chunk) => (stdout += chunk));
    server.stderr!.on('data', (chunk) => (stderr += chunk));
  };
  const stop = () =>
    new Promise<void>((resolve) => {
      if (server.exitCode !== null) return resolve();
      server.once('exit', () => resolve());
      server.kill();
    });
  const post = async (body: unknown, headers: Record<string, string> = {}) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${key}`,
            ...headers,
          },
          body: JSON.stringify(body),
        });
        return {
          status: res.status,
          body: (await res.json()) as {
            data?: any;
            errors?: { message: string; extensions: Record<string, unknown> }[];
          },
        };
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('server did not start');
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'register-prod-'));
    env = {
      PATH: process.env.PATH!,
      TZ: 'UTC',
      NODE_ENV: 'production',
      DATABASE_URL: `sqlite:${join(dir, 'register.db')}`,
      ALERTS_ENABLED: 'false',
    };
    const out = execFileSync(
      'node',
      [
        join(ROOT, 'dist', 'cli', 'apikey.js'),
        'create',
        '--role',
        'ADMIN',
        '--label',
        'Operations',
      ],
      { cwd: ROOT, env },
    ).toString();
    key = out.trim().split('\n').at(-1)!;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  describe('with the defaults', () => {
    beforeAll(() => start());
    afterAll(() => stop());

    it('serves the register without any demo data', async () => {
      const res = await post({ query: '{ boroughs { gssCode systems { id } } }' });
      expect(res.body.data.boroughs).toHaveLength(33);
      expect(res.body.data.boroughs.every((b: any) => b.systems.length === 0)).toBe(true);
    });

    it('refuses introspection', async () => {
      const res = await post({ query: '{ __schema { types { name } } }' });
      expect(res.body.errors![0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(res.body.errors![0].message).toMatch(/introspection is not allowed/i);
    });

    it('serves no landing page', async () => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        headers: { accept: 'text/html' },
      });
      expect(await res.text()).not.toMatch(/sandbox|Apollo Studio|embeddable/i);
    });

    it('gives no suggestions, stack traces or internals in errors', async () => {
      const results = [
        await post({ query: '{ boroughz { id } }' }),
        await post({ query: '{ boroughs { shortNam } }' }),
        await post({
          query: 'query($g: ClusterGrouping) { expiryClusters(input: { groupBy: $g }) { id } }',
          variables: { g: 'CATEGORI' },
        }),
        await post({
          query: 'query($d: Date) { expiryClusters(input: { asOf: $d }) { id } }',
          variables: { d: '2027-02-30' },
        }),
        await post({ query: '{ boroughs { id } }' }, { authorization: 'Bearer nope' }),
      ];
      for (const res of results) {
        expect(res.status).toBeLessThan(500);
        for (const error of res.body.errors!) {
          expect(JSON.stringify(error)).not.toMatch(/Did you mean/);
          expect(error.extensions).not.toHaveProperty('stacktrace');
          expect(error.extensions).not.toHaveProperty('detail');
          expect(JSON.stringify(error)).not.toMatch(/\/work\/|node_modules|at \w+ \(/);
        }
      }
      expect(results.map((r) => r.body.errors![0].extensions.code)).toEqual([
        'GRAPHQL_VALIDATION_FAILED',
        'GRAPHQL_VALIDATION_FAILED',
        'BAD_USER_INPUT',
        'BAD_USER_INPUT',
        'UNAUTHENTICATED',
      ]);
      expect(results[2].body.errors![0].extensions.fieldErrors).toEqual([
        {
          path: 'input.groupBy',
          message: 'Value "CATEGORI" does not exist in "ClusterGrouping" enum.',
        },
      ]);
    });

    it('answers a failure inside the service with a bare INTERNAL_SERVER_ERROR, and logs it', async () => {
      const raw = new BetterSqlite3(join(dir, 'register.db'));
      raw.exec('ALTER TABLE category RENAME TO category_away');
      try {
        const res = await post({ query: '{ categories { code } }' });
        expect(res.status).toBe(200);
        expect(res.body.errors).toEqual([
          {
            message: 'Internal server error',
            locations: [{ line: 1, column: 3 }],
            path: ['categories'],
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ]);
      } finally {
        raw.exec('ALTER TABLE category_away RENAME TO category');
        raw.close();
      }
      await new Promise((r) => setTimeout(r, 200));
      // Errors go to stderr, as JSON too, once, with the stack for the operator (never to the
      // caller) and the request's id to find it by.
      const logged = jsonLines(stderr).filter((l) => l.level === 'error');
      expect(logged).toHaveLength(1);
      expect(logged[0].context).toBe('GraphQL');
      expect(logged[0].message).toMatch(
        /^INTERNAL_SERVER_ERROR at categories request=[0-9a-f-]{36}: .*no such table: category/,
      );
      expect(String(logged[0].stack)).toMatch(/\n\s+at /);
    });

    it("logs a client's mistakes as one line each, with code and request id, and no stack", async () => {
      const mark = stdout.length;
      const markErr = stderr.length;
      const camden = 'E09000007';
      const asked = [
        ['client-1', { query: '{ boroughs { id } }' }, { authorization: 'Bearer nope' }],
        [
          'client-2',
          {
            query: `mutation { removeSystem(gssCode: "${camden}", rank: 1, expectedVersion: 7) { version } }`,
          },
          {},
        ],
        [
          'client-3',
          {
            query:
              'mutation($s: [ItSystemInput!]!) { submitTopSystems(gssCode: "E09000007", systems: $s) { version } }',
            variables: {
              s: [
                {
                  rank: 11,
                  name: 'Housing',
                  categoryCode: 'nope',
                  supplierName: 'Civica',
                  contractEnd: '2027-01-01',
                },
              ],
            },
          },
          {},
        ],
      ] as const;
      for (const [id, body, headers] of asked) await post(body, { ...headers, 'x-request-id': id });
      await new Promise((r) => setTimeout(r, 200));
      expect(jsonLines(stderr.slice(markErr))).toEqual([]);
      const lines = jsonLines(stdout.slice(mark)).filter((l) => l.context === 'GraphQL');
      expect(lines.map(({ level, message }) => ({ level, message }))).toEqual([
        { level: 'warn', message: 'UNAUTHENTICATED at boroughs request=client-1' },
        { level: 'log', message: 'CONFLICT at removeSystem request=client-2' },
        {
          level: 'log',
          message:
            'BAD_USER_INPUT at submitTopSystems request=client-3 fields=systems.0.rank,systems.0.categoryCode',
        },
      ]);
      expect(lines.every((l) => l.stack === undefined)).toBe(true);
    });

    it('logs one JSON line per request, with its id and never the key', async () => {
      await post(
        { query: '{ categories { code } }', operationName: null },
        { 'x-request-id': 'prod-check-1' },
      );
      await new Promise((r) => setTimeout(r, 200));
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { level: string; message: string; context: string });
      const request = lines.find(
        (l) => l.context === 'HTTP' && l.message.includes('request=prod-check-1'),
      );
      expect(request?.message).toMatch(
        /^POST \/graphql 200 [\d.]+ms request=prod-check-1 key=[0-9a-f-]{36}$/,
      );
      expect(stdout).not.toContain(key);
    });
  });

  describe('with GRAPHQL_INTROSPECTION=true', () => {
    beforeAll(() => start({ GRAPHQL_INTROSPECTION: 'true' }));
    afterAll(() => stop());

    it('answers introspection', async () => {
      const res = await post({ query: '{ __schema { queryType { name } } }' });
      expect(res.body.data.__schema.queryType.name).toBe('Query');
    });
  });
});
