import { createHash } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Client, types } from 'pg';

/**
 * The floor of the end-to-end benchmark, in a process of its own: the coordinator's answer made
 * the cheapest way there is. One SQL statement reads the eligible rows joined with the names the
 * answer shows, and the answer is assembled from them and `JSON.stringify`-ed. Which members form
 * which cluster (the computation) is given, taken from the service's own answer, so the floor pays
 * only for reading and writing the same bytes. `bench/run.ts` forks it and asks for one sample at
 * a time, in turn with the service.
 */

/** The clusters of the service's answer, each member by its system's id. */
export interface Skeleton {
  id: string;
  key: string;
  boroughCount: number;
  actionBy: string;
  window: { start: string; end: string };
  members: { alignedEnd: string; needsExtension: boolean; systemId: string }[];
}

export type FloorRequest =
  | { kind: 'open'; databaseUrl: string; from: string; until: string; skeleton: Skeleton[] }
  | { kind: 'sample' };

export type FloorReply =
  { kind: 'ready' } | { kind: 'sample'; ms: number; bytes: number; sha256: string };

interface Row {
  id: string;
  name: string;
  contract_end: string;
  max_extent_date: string | null;
  short_name: string;
  supplier_name: string;
  product_name: string | null;
}

const SELECT = `SELECT s.id, s.name, s.contract_end, s.max_extent_date, b.short_name,
    sp.name AS supplier_name, p.name AS product_name
  FROM it_system s
  JOIN borough b ON b.id = s.borough_id
  JOIN supplier sp ON sp.id = s.supplier_id
  LEFT JOIN product p ON p.id = s.product_id
  WHERE s.retired_at IS NULL AND s.open_to_collaboration = `;

/** The statement and how to run it, for SQLite or PostgreSQL. */
async function connect(
  url: string,
  from: string,
  until: string,
): Promise<{ rows: () => Promise<Row[]>; close: () => Promise<void> }> {
  if (url.startsWith('sqlite:')) {
    const db = new BetterSqlite3(url.slice('sqlite:'.length), { readonly: true });
    const statement = db.prepare<[string, string], Row>(
      `${SELECT}1 AND s.contract_end >= ? AND s.contract_end <= ?`,
    );
    return {
      rows: async () => statement.all(from, until),
      close: async () => void db.close(),
    };
  }
  // Dates as the service reads them, YYYY-MM-DD.
  types.setTypeParser(types.builtins.DATE, (value: string) => value);
  const client = new Client({ connectionString: url });
  await client.connect();
  const sql = `${SELECT}true AND s.contract_end >= $1 AND s.contract_end <= $2`;
  return {
    rows: async () => (await client.query<Row>(sql, [from, until])).rows,
    close: () => client.end(),
  };
}

/** The answer's text, as Apollo writes it: the fields in the query's order, then a newline. */
function answer(skeleton: Skeleton[], rows: Row[]): string {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const expiryClusters = skeleton.map((c) => ({
    id: c.id,
    key: c.key,
    boroughCount: c.boroughCount,
    actionBy: c.actionBy,
    window: { start: c.window.start, end: c.window.end },
    members: c.members.map((m) => {
      const s = byId.get(m.systemId)!;
      return {
        alignedEnd: m.alignedEnd,
        needsExtension: m.needsExtension,
        system: {
          id: s.id,
          name: s.name,
          contractEnd: s.contract_end,
          maxExtentDate: s.max_extent_date,
          borough: { shortName: s.short_name },
          supplier: { name: s.supplier_name },
          product: s.product_name === null ? null : { name: s.product_name },
        },
      };
    }),
  }));
  return `${JSON.stringify({ data: { expiryClusters } })}\n`;
}

if (require.main === module) {
  let floor: { rows: () => Promise<Row[]>; close: () => Promise<void> } | undefined;
  let skeleton: Skeleton[] = [];
  const reply = (message: FloorReply) => process.send!(message);
  process.on('message', (message: FloorRequest) => {
    void (async () => {
      if (message.kind === 'open') {
        floor = await connect(message.databaseUrl, message.from, message.until);
        skeleton = message.skeleton;
        reply({ kind: 'ready' });
        return;
      }
      global.gc?.();
      const start = process.hrtime.bigint();
      const text = answer(skeleton, await floor!.rows());
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      reply({
        kind: 'sample',
        ms,
        bytes: Buffer.byteLength(text),
        sha256: createHash('sha256').update(text).digest('hex'),
      });
    })();
  });
  process.once('disconnect', () => void floor?.close());
}
