import { ChildProcess, spawn } from 'node:child_process';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
/** How much of the server's output is kept, for the message of a failed start. */
const KEPT_OUTPUT = 16_000;

interface Answer {
  answered: true;
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string; detail?: string } }[];
}

/** What one request got: an HTTP answer, or no answer at all (refused, reset, timed out). */
export type Outcome = Answer | { answered: false; error: string };

export interface ServerProcess {
  port: number;
  /** True once `kill` has been called: requests failing from then on were interrupted. */
  killed: boolean;
  gql(query: string, variables: Record<string, unknown>, key: string): Promise<Outcome>;
  /** Sends the signal and resolves once the process has gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
  output(): string;
}

/** A port nobody is listening on at the moment of asking. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the compiled server as `npm start` does after its build (`node --max-old-space-size=1024
 * --max-semi-space-size=8 dist/main.js`, from the package root), on this machine's loopback only, and resolves once
 * `GET /health` answers 200. `dist/` is built by the e2e global setup.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  // The port can be taken between asking and listening (another suite's server): try another.
  for (let attempt = 1; ; attempt++) {
    const started = await startOn(await freePort(), env);
    if (typeof started !== 'string') return started;
    if (!started.includes('EADDRINUSE') || attempt === 3) throw new Error(started);
  }
}

/** The server on `port`, once healthy; else why not, with its output. */
async function startOn(port: number, env: Record<string, string>): Promise<ServerProcess | string> {
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-KEPT_OUTPUT));
  const child: ChildProcess = spawn(
    'node',
    ['--max-old-space-size=1024', '--max-semi-space-size=8', join(ROOT, 'dist', 'main.js')],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH!,
        TZ: process.env.TZ ?? 'UTC',
        LOG_LEVEL: 'warn',
        ALERTS_ENABLED: 'false',
        ...env,
        HOST: '127.0.0.1',
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Drained always: a full pipe would stall the server.
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  child.once('error', (error) => keep(Buffer.from(String(error))));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const server: ServerProcess = {
    port,
    killed: false,
    async gql(query, variables, key) {
      try {
        const res = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(15_000),
        });
        const text = await res.text();
        let body: Pick<Answer, 'data' | 'errors'> = {};
        try {
          body = JSON.parse(text) as typeof body;
        } catch {
          // A 5xx from the HTTP layer need not be JSON; the status says enough.
        }
        return { answered: true, status: res.status, data: body.data, errors: body.errors };
      } catch (error) {
        return { answered: false, error: String((error as Error).cause ?? error) };
      }
    },
    async kill(signal) {
      server.killed = true;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    output: () => output,
  };

  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) });
      if (health.status === 200) return server;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await server.kill('SIGKILL');
  return `The server did not become healthy on port ${port}:\n${output}`;
}
