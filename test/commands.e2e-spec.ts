import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a compiled command as an operator would, with a clean environment of our choosing. */
async function command(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<Result> {
  try {
    const { stdout, stderr } = await run('node', [join(ROOT, 'dist', script), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH!, TZ: 'UTC', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lines = (text: string) => text.trim().split('\n');

describe('Commands and the server process (e2e)', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'register-'));
    env = { DATABASE_URL: `sqlite:${join(dir, 'register.db')}` };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('seeds a new database, and changes nothing when run again', async () => {
    const first = await command('cli/seed.js', [], env);
    expect(first.code).toBe(0);
    expect(lines(first.stdout).at(-1)).toBe(
      'Seeded: 33 boroughs, 17 categories, 33 demo lists, 35 demo keys added.',
    );
    const second = await command('cli/seed.js', [], env);
    expect(lines(second.stdout).at(-1)).toBe(
      'Seeded: 0 boroughs, 0 categories, 0 demo lists, 0 demo keys added.',
    );
  });

  let secret: string;
  let keyId: string;

  it('creates a key and prints it alone on the last line', async () => {
    const res = await command(
      'cli/apikey.js',
      [
        'create',
        '--role',
        'BOROUGH_LEAD',
        '--borough',
        'E09000007',
        '--label',
        'Camden procurement',
      ],
      env,
    );
    expect(res.code).toBe(0);
    secret = lines(res.stdout).at(-1)!;
    expect(secret).toMatch(/^crk_[A-Za-z0-9_-]{43}$/);
    keyId = /Created key (\S+)/.exec(res.stdout)![1];
  });

  it("creates a borough lead's key for a borough named by its LAE code, in any case", async () => {
    const res = await command(
      'cli/apikey.js',
      ['create', '--role', 'BOROUGH_LEAD', '--borough', 'hck', '--label', 'Hackney procurement'],
      env,
    );
    expect(res.code).toBe(0);
    expect(lines(res.stdout)[0]).toMatch(
      /^Created key \S+ "Hackney procurement" \(BOROUGH_LEAD for E09000012\)\.$/,
    );
    const unknown = await command(
      'cli/apikey.js',
      ['create', '--role', 'BOROUGH_LEAD', '--borough', 'XYZ', '--label', 'x'],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe(
      'Invalid input: borough: no borough has GSS or LAE code XYZ (e.g. E09000007 or CMD for Camden)',
    );
  });

  it('lists keys under a header row, one a line, id first, never a secret', async () => {
    const res = await command('cli/apikey.js', ['list'], env);
    expect(res.code).toBe(0);
    const [header, ...rows] = lines(res.stdout).map((l) => l.split('\t'));
    expect(header).toEqual(['id', 'label', 'role', 'borough', 'created', 'expires', 'status']);
    expect(rows).toHaveLength(37);
    const camden = rows.find((r) => r[0] === keyId)!;
    expect(camden).toEqual([
      keyId,
      'Camden procurement',
      'BOROUGH_LEAD',
      'E09000007',
      expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      'never',
      'active',
    ]);
    expect(rows.find((r) => r[1] === 'Demo admin')).toEqual([
      expect.any(String),
      'Demo admin',
      'ADMIN',
      '-',
      expect.any(String),
      'never',
      'active (demo)',
    ]);
    expect(res.stdout).not.toContain(secret);
    expect(res.stdout).not.toContain('demo-admin');
    expect(res.stdout).not.toMatch(/[0-9a-f]{64}/);
  });

  it('creates a key that expires, and shows its expiry', async () => {
    const res = await command(
      'cli/apikey.js',
      ['create', '--role', 'COORDINATOR', '--label', 'Short-lived', '--expires-in', '30d'],
      env,
    );
    expect(res.code).toBe(0);
    const id = /Created key (\S+)/.exec(res.stdout)![1];
    const row = lines((await command('cli/apikey.js', ['list'], env)).stdout)
      .map((l) => l.split('\t'))
      .find((r) => r[0] === id)!;
    const days = (new Date(row[5]).getTime() - new Date(row[4]).getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(30);
    expect(row[6]).toBe('active');
    const bad = await command(
      'cli/apikey.js',
      ['create', '--role', 'ADMIN', '--label', 'x', '--expires-in', 'soon'],
      env,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('--expires-in must be a number of days, e.g. 90d');
  });

  it('refuses bad usage with one clear line and exit code 1', async () => {
    const role = await command('cli/apikey.js', ['create', '--role', 'KING', '--label', 'x'], env);
    expect(role.code).toBe(1);
    expect(lines(role.stderr)[0]).toBe('--role must be ADMIN, COORDINATOR or BOROUGH_LEAD');
    const borough = await command(
      'cli/apikey.js',
      ['create', '--role', 'BOROUGH_LEAD', '--borough', 'E09000099', '--label', 'x'],
      env,
    );
    expect(borough.code).toBe(1);
    expect(borough.stderr).toContain('no borough has GSS or LAE code E09000099');
    const option = await command('cli/alerts.js', ['--asof', '2026-01-01'], env);
    expect(option.code).toBe(1);
    expect(lines(option.stderr).slice(0, 2)).toEqual([
      "Unknown option '--asof'",
      'Usage: npm run alerts -- [--as-of YYYY-MM-DD] [--dry-run]',
    ]);
    const revoke = await command('cli/apikey.js', ['revoke', 'no-such-id'], env);
    expect(revoke.code).toBe(1);
    expect(revoke.stderr.trim()).toBe('No API key has id no-such-id');
  });

  it('runs the alerts by hand, dry or for a past day, and prints a summary', async () => {
    const dry = await command('cli/alerts.js', ['--as-of', '2030-01-01', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout.trim()).toBe(
      'Alert run for 2030-01-01 (dry run: nothing written or sent): 0 emails with 0 items would be queued, 0 sent, 0 failed.',
    );
    const past = await command('cli/alerts.js', ['--as-of', '2026-01-01'], env);
    expect(past.stdout.trim()).toBe(
      'Alert run for 2026-01-01: 0 emails with 0 items queued, 0 sent, 0 failed.',
    );
    const future = await command('cli/alerts.js', ['--as-of', '2999-01-01'], env);
    expect(future.code).toBe(1);
    expect(future.stderr).toContain('--as-of must be a real date written YYYY-MM-DD');
    const ahead = await command('cli/alerts.js', ['--as-of', '2190-01-01'], env);
    expect(ahead.code).toBe(1);
    expect(ahead.stderr.trim()).toMatch(
      /^--as-of is after today \(\d{4}-\d\d-\d\d\): only a dry run may look ahead$/,
    );
  });

  it.each([
    ['cli/alerts.js', 'Usage: npm run alerts -- [--as-of YYYY-MM-DD] [--dry-run]'],
    ['cli/apikey.js', 'Usage:'],
    ['cli/seed.js', 'Usage: npm run seed'],
    ['cli/import.js', 'Usage:'],
  ])('%s prints its usage on --help, without a database', async (script, first) => {
    // A database it could not open: --help must not try.
    const res = await command(script, ['--help'], { DATABASE_URL: 'sqlite:/nonexistent/x.db' });
    expect(res.code).toBe(0);
    expect(lines(res.stdout)[0]).toBe(first);
    expect(res.stderr).toBe('');
  });

  it('runs a command from dist/ without building again when dist/ is current', async () => {
    const newest = (dir: string): number =>
      Math.max(
        statSync(dir).mtimeMs,
        ...readdirSync(dir).map((entry) => {
          const path = join(dir, entry);
          return statSync(path).isDirectory() ? newest(path) : statSync(path).mtimeMs;
        }),
      );
    const before = newest(join(ROOT, 'dist'));
    const { stdout } = await run(
      'node',
      [join(ROOT, 'scripts', 'run-built.js'), 'dist/cli/apikey.js', 'list'],
      { cwd: ROOT, env: { PATH: process.env.PATH!, TZ: 'UTC', ...env } },
    );
    expect(lines(stdout)[0]).toBe('id\tlabel\trole\tborough\tcreated\texpires\tstatus');
    expect(newest(join(ROOT, 'dist'))).toBe(before);
  });

  describe('the server', () => {
    let server: ChildProcess | undefined;
    const port = 20000 + Math.floor(Math.random() * 20000);
    afterEach(() => server?.kill());

    const startServer = (extra: Record<string, string> = {}) => {
      server = spawn('node', [join(ROOT, 'dist', 'main.js')], {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH!,
          TZ: 'UTC',
          LOG_LEVEL: 'warn',
          ...env,
          PORT: String(port),
          ...extra,
        },
      });
      return server;
    };
    const exit = (child: ChildProcess) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        let stderr = '';
        child.stderr!.on('data', (chunk) => (stderr += chunk));
        child.on('exit', (code) => resolve({ code, stderr }));
      });
    const query = async (key: string) => {
      for (let attempt = 0; attempt < 100; attempt++) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
            body: JSON.stringify({ query: '{ boroughs { gssCode systems { rank } } }' }),
          });
          return (await res.json()) as {
            data?: { boroughs: { systems: unknown[] }[] };
            errors?: { extensions: { code: string } }[];
          };
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      throw new Error('server did not start');
    };

    it('serves the seeded register to the new key, and refuses it once revoked', async () => {
      startServer();
      const res = await query(secret);
      expect(res.data!.boroughs).toHaveLength(33);
      expect(res.data!.boroughs.every((b) => b.systems.length === 10)).toBe(true);

      const revoked = await command('cli/apikey.js', ['revoke', keyId], env);
      expect(revoked.stdout.trim()).toBe(`Revoked key ${keyId} "Camden procurement".`);
      const after = await query(secret);
      expect(after.errors!.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    });

    it('listens on every interface unless HOST names one', async () => {
      const health = async (host: string) => {
        for (let attempt = 0; attempt < 100; attempt++) {
          try {
            return (await fetch(`http://${host}:${port}/health`)).status;
          } catch {
            await new Promise((r) => setTimeout(r, 100));
          }
        }
        throw new Error(`server did not answer on ${host}`);
      };
      const hasIpv6 = Object.values(networkInterfaces()).some((addresses) =>
        addresses?.some((a) => a.address === '::1'),
      );
      startServer();
      expect(await health('127.0.0.1')).toBe(200);
      if (hasIpv6) expect(await health('[::1]')).toBe(200);
      server!.kill();
      await new Promise((r) => server!.once('exit', r));

      startServer({ HOST: '127.0.0.1' });
      expect(await health('127.0.0.1')).toBe(200);
      if (hasIpv6) await expect(fetch(`http://[::1]:${port}/health`)).rejects.toThrow();
    });

    it('refuses to start in production while demo keys exist, naming them', async () => {
      const result = await exit(startServer({ NODE_ENV: 'production' }));
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toHaveLength(1);
      expect(result.stderr).toMatch(
        /^Refusing to start in production while 35 demo keys exist: .*Demo Camden lead/,
      );
      expect(result.stderr).toContain('Demo admin');
      expect(result.stderr).toContain('Demo coordinator');
    });

    it('starts in production once the demo keys are revoked', async () => {
      const revoked = await command('cli/apikey.js', ['revoke', '--demo'], env);
      expect(revoked.stdout.trim()).toBe('Revoked 35 demo keys.');
      startServer({ NODE_ENV: 'production' });
      const res = await query('demo-admin');
      expect(res.errors!.map((e) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
    });

    it('stops on a bad configuration value with one line naming the variable', async () => {
      const result = await exit(startServer({ PORT: 'http' }));
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(
        'Invalid configuration: PORT must be a whole number between 1 and 65535 (got "http")',
      );
    });
  });

  // After the server's tests, which expect the seeded lists.
  it('imports a spreadsheet as a borough list: a dry run writes nothing, then the import does', async () => {
    const file = join(dir, 'camden.csv');
    writeFileSync(
      file,
      '\uFEFFrank,name,category,supplier,contract_end,annual_value_gbp\r\n' +
        '1,"Housing, repairs",housing-management,NEC Software Solutions UK Ltd,31/03/2028,"£450,000"\r\n' +
        '2,ERP,erp,Oracle Corporation UK Ltd,2028-06-30,\r\n',
    );
    const dry = await command('cli/import.js', ['--borough', 'E09000007', '--dry-run', file], env);
    expect(dry.code).toBe(0);
    expect(lines(dry.stdout)[0]).toBe(
      'Dry run: 2 created, 0 updated, 0 unchanged, 10 retired. Nothing was written.',
    );
    const real = await command('cli/import.js', ['--borough', 'E09000007', file], env);
    expect(real.code).toBe(0);
    expect(lines(real.stdout)).toEqual([
      'Imported as version 2: 2 created, 0 updated, 0 unchanged, 10 retired.',
      '  CREATED    1  Housing, repairs',
      '  CREATED    2  ERP',
      ...Array.from({ length: 10 }, () => expect.stringMatching(/^ {2}RETIRED /)),
    ]);
    const again = await command('cli/import.js', ['--borough', 'E09000007', file], env);
    expect(lines(again.stdout)[0]).toBe(
      'Imported as version 3: 0 created, 0 updated, 2 unchanged, 0 retired.',
    );

    writeFileSync(
      file,
      Buffer.from(
        'rank,name,category,supplier,contract_end\n1,Caf\xe9,erp,S,2028-01-01\n',
        'latin1',
      ),
    );
    const latin = await command('cli/import.js', ['--borough', 'E09000007', file], env);
    expect(latin.code).toBe(1);
    expect(latin.stderr.trim()).toBe(
      'Invalid input: csv: camden.csv is not UTF-8 text: in Excel, save it as "CSV UTF-8 (Comma delimited)"',
    );
    writeFileSync(file, 'rank,name,category,supplier,contract_end\n1,A,erp,S,soon\n');
    const bad = await command('cli/import.js', ['--borough', 'E09000007', file], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'Invalid input: csv.2.contract_end: must be a date written YYYY-MM-DD or DD/MM/YYYY, e.g. 31/03/2027',
    );
  });

  it('proposes entries from a notices file, writes nothing, and names the path of a bad one', async () => {
    const notices = join(ROOT, 'test/fixtures/ocds/find-a-tender-camden.json');
    const res = await command('cli/propose.js', ['--borough', 'E09000007', notices], env);
    expect(res.code).toBe(0);
    expect(lines(res.stdout)).toEqual([
      "Read 6 contracting processes: 2 proposed; left out 1 another buyer's, 1 not IT, 1 works, 1 cancelled or ended. Nothing was written.",
      '  1. Revenues and Benefits System [ocds-h6vhtk-03a7c1]',
      '     revenues-benefits · NEC Software Solutions UK Limited (00968498) · 2022-04-01 to 2027-03-31, up to 2029-03-31 · £500,000 a year, £2,500,000 in all',
      '  2. Managed hosting service [ocds-h6vhtk-03d077]',
      '     hosting-managed-service · Cloud Hosting Partners LLP · 2025-01-01 to ? · — a year, — in all',
      '     missing supplierCompaniesHouseNumber: the notice gives the supplier no GB-COH (Companies House) identifier',
      '     missing contractEnd: the notice gives no end date',
      '     missing maxExtentDate: the notice gives no maximum extent date (how far extensions can run)',
      '     missing totalValueGbp: the notice gives no value',
      '     missing annualValueGbp: the notice gives no value',
    ]);
    const json = await command(
      'cli/propose.js',
      ['--borough', 'E09000007', '--json', notices],
      env,
    );
    expect(JSON.parse(json.stdout).map((p: { sourceOcid: string }) => p.sourceOcid)).toEqual([
      'ocds-h6vhtk-03a7c1',
      'ocds-h6vhtk-03d077',
    ]);
    const file = join(dir, 'notices.json');
    writeFileSync(
      file,
      JSON.stringify({ releases: [{ ocid: 'x', contracts: [{ period: 2027 }] }] }),
    );
    const bad = await command('cli/propose.js', ['--borough', 'E09000007', file], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      'Invalid input: notices.json.releases.0.contracts.0.period: must be an object',
    );
  });
});
