import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { EntityManager } from 'typeorm';
import { operator } from '../src/access/principal';
import { Borough } from '../src/boroughs/borough.entity';
import { Category } from '../src/categories/category.entity';
import { CliModule } from '../src/cli/cli.module';
import { prepareDatabaseForCommand } from '../src/cli/prepare';
import { Clock } from '../src/common/clock';
import { loadConfig } from '../src/config/config';
import { Database } from '../src/database/database';
import { buildDemoLists, SeedBorough } from '../src/seeds/demo-data';
import { SeedService } from '../src/seeds/seed.service';
import { SystemSnapshot } from '../src/submissions/models/system-snapshot.model';
import { Submission } from '../src/submissions/submission.entity';
import { SupplierMatcher } from '../src/suppliers/supplier-matcher';
import { SuppliersRepository } from '../src/suppliers/suppliers.repository';
import { entryValues } from '../src/systems/systems.repository';
import { ItSystem } from '../src/systems/it-system.entity';

const PLACES = [
  'Ashford',
  'Barnsley',
  'Carlisle',
  'Derby',
  'Exeter',
  'Fareham',
  'Gateshead',
  'Harlow',
  'Ipswich',
  'Kendal',
  'Leeds',
  'Mansfield',
  'Norwich',
  'Oldham',
  'Preston',
  'Reading',
  'Salford',
  'Taunton',
  'Wakefield',
  'York',
];
const KINDS = [
  'District Council',
  'County Council',
  'NHS Trust',
  'Police',
  'Fire and Rescue Service',
  'Academy Trust',
  'Borough Council',
  'City Council',
];

/** A three-letter code for the n-th synthetic body that no real authority uses. */
function laeCode(n: number, taken: Set<string>): string {
  for (let i = n; ; i += 7919) {
    const code = [2, 1, 0]
      .map((p) => String.fromCharCode(65 + (Math.floor(i / 26 ** p) % 26)))
      .join('');
    if (!taken.has(code)) {
      taken.add(code);
      return code;
    }
  }
}

function progress(label: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r${label.padEnd(12)} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`,
  );
  if (done === total) process.stderr.write('\n');
}

/**
 * `npm run bench:generate -- --systems N --out FILE.db` (or `--database-url postgres://…`): a
 * complete register the server can serve. The 33 London authorities with the demo (lists and demo
 * keys) plus synthetic public bodies, ten systems each, dated from today and repeatable: the same
 * N gives the same register.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      systems: { type: 'string' },
      out: { type: 'string' },
      'database-url': { type: 'string' },
    },
  });
  const systems = Number(values.systems ?? 100_000);
  if (!Number.isInteger(systems) || systems < 330)
    throw new Error('--systems must be a whole number, 330 or more');
  let url = values['database-url'];
  if (!url) {
    const file = resolve(values.out ?? `bench/data/register-${systems}.db`);
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(file + suffix)) rmSync(file + suffix);
    url = `sqlite:${file}`;
  }
  const started = Date.now();
  const config = loadConfig({ DATABASE_URL: url, NODE_ENV: 'development' });
  const app = await NestFactory.createApplicationContext(CliModule.forRoot(config), {
    logger: ['error'],
  });
  try {
    await prepareDatabaseForCommand(app, { demo: true });
    const db = app.get(Database);
    const seeds = app.get(SeedService);
    const today = app.get(Clock).today();
    const taken = new Set(seeds.boroughs.map((b) => b.laeCode));
    const bodies: SeedBorough[] = Array.from(
      { length: Math.ceil((systems - 330) / 10) },
      (_, i) => {
        const name = `${PLACES[i % PLACES.length]} ${KINDS[Math.floor(i / PLACES.length) % KINDS.length]} ${Math.floor(i / (PLACES.length * KINDS.length)) + 1}`;
        return {
          gssCode: `X${String(i + 1).padStart(8, '0')}`,
          laeCode: laeCode(i, taken),
          name,
          shortName: name,
        };
      },
    );
    const CHUNK = 500;
    for (let i = 0; i < bodies.length; i += CHUNK) {
      const chunk = bodies.slice(i, i + CHUNK);
      const lists = buildDemoLists(today, chunk, seeds.categories, seeds.catalogue);
      await db.transaction((em) => insertBodies(em, chunk, lists, app.get(SuppliersRepository)));
      progress('authorities', Math.min(i + CHUNK, bodies.length), bodies.length);
    }
    const total = await db.read((em) => em.count(ItSystem));
    console.log(
      `Register with ${total} systems at ${url.startsWith('sqlite:') ? url.slice(7) : 'the PostgreSQL database'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await app.close();
  }
}

const STALE_LIST_AGE_DAYS = 200;

async function insertBodies(
  em: EntityManager,
  bodies: SeedBorough[],
  lists: ReturnType<typeof buildDemoLists>,
  suppliers: SuppliersRepository,
): Promise<void> {
  const now = new Date();
  const categories = new Map((await em.find(Category)).map((c) => [c.code, c]));
  const resolver = new SupplierMatcher(em, suppliers);
  const rows: Partial<ItSystem>[] = [];
  const submissions: Partial<Submission>[] = [];
  // A third of the lists were last confirmed 200 days ago: stale (DESIGN §11), as a real register has.
  const staleSince = new Date(now.getTime() - STALE_LIST_AGE_DAYS * 86_400_000);
  const boroughRows = bodies.map((b, i) => ({
    id: randomUUID(),
    ...b,
    version: 1,
    lastSubmittedAt: now,
    lastConfirmedAt: i % 3 === 0 ? staleSince : now,
  }));
  await em.createQueryBuilder().insert().into(Borough).values(boroughRows).execute();
  for (const borough of boroughRows) {
    const snapshot: SystemSnapshot[] = [];
    for (const entry of lists.get(borough.gssCode) ?? []) {
      const supplier = await resolver.supplier(
        entry.supplierName,
        entry.supplierCompaniesHouseNumber,
      );
      if (!supplier.ok) throw new Error(supplier.message);
      const product = entry.productName
        ? await resolver.product(entry.productName, supplier.value)
        : null;
      const category = categories.get(entry.categoryCode)!;
      const row: Partial<ItSystem> = {
        id: randomUUID(),
        boroughId: borough.id,
        ...entryValues(entry, {
          categoryId: category.id,
          supplierId: supplier.value.id,
          productId: product?.id ?? null,
        }),
        createdAt: now,
        updatedAt: now,
        retiredAt: null,
      };
      rows.push(row);
      snapshot.push({
        ...(row as ItSystem),
        categoryCode: category.code,
        supplierName: supplier.value.name,
        supplierCompaniesHouseNumber: supplier.value.companiesHouseNumber,
        productName: product?.name ?? null,
      });
    }
    submissions.push({
      id: randomUUID(),
      boroughId: borough.id,
      version: 1,
      submittedAt: now,
      submittedBy: operator('Benchmark data').label,
      apiKeyId: null,
      action: 'seed',
      systems: snapshot,
    });
  }
  for (let i = 0; i < rows.length; i += 200)
    await em
      .createQueryBuilder()
      .insert()
      .into(ItSystem)
      .values(rows.slice(i, i + 200))
      .execute();
  for (let i = 0; i < submissions.length; i += 100)
    await em
      .createQueryBuilder()
      .insert()
      .into(Submission)
      .values(submissions.slice(i, i + 100))
      .execute();
}

void main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
