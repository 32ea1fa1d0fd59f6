import { randomUUID } from 'node:crypto';
import { Borough } from '../../src/boroughs/borough.entity';
import { Category } from '../../src/categories/category.entity';
import { Database } from '../../src/database/database';
import { Product } from '../../src/suppliers/product.entity';
import { Hosting } from '../../src/systems/hosting';
import { ItSystem } from '../../src/systems/it-system.entity';

const ROWS_PER_INSERT = 200;
const DAY_MS = 86_400_000;

/** Three-letter codes no authority in the register uses yet, in order. */
function* freeLaeCodes(taken: Set<string>): Generator<string> {
  for (let i = 0; i < 26 ** 3; i++) {
    const code = [2, 1, 0]
      .map((p) => String.fromCharCode(65 + (Math.floor(i / 26 ** p) % 26)))
      .join('');
    if (!taken.has(code)) yield code;
  }
}

/**
 * Adds `bodies` public bodies with ten current entries each, straight into the tables: every entry
 * open to collaboration, with a product, ending on one of the next 1,800 days after `today`. A
 * register at national scale in seconds, for tests of what a large answer does. Returns the new
 * entries' names by id.
 */
export async function addPublicBodies(
  db: Database,
  bodies: number,
  today: string,
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  await db.transaction(async (em) => {
    const categories = await em.find(Category, { order: { code: 'ASC' } });
    const products = await em.find(Product, { order: { name: 'ASC' }, take: 20 });
    const codes = freeLaeCodes(new Set((await em.find(Borough)).map((b) => b.laeCode)));
    const now = new Date();
    const start = Date.parse(`${today}T00:00:00Z`);
    const boroughs: Borough[] = [];
    const systems: Partial<ItSystem>[] = [];
    for (let b = 0; b < bodies; b++) {
      const name = `Test Body ${b + 1}`;
      const borough = Object.assign(new Borough(), {
        id: randomUUID(),
        gssCode: `T${String(b + 1).padStart(8, '0')}`,
        laeCode: codes.next().value!,
        name,
        shortName: name,
        version: 1,
        lastSubmittedAt: now,
      });
      boroughs.push(borough);
      for (let rank = 1; rank <= 10; rank++) {
        const n = b * 10 + rank;
        const product = products[n % products.length];
        const id = randomUUID();
        names.set(id, `${name} system ${rank}`);
        systems.push({
          id,
          boroughId: borough.id,
          rank,
          name: names.get(id),
          categoryId: categories[n % categories.length].id,
          supplierId: product.supplierId,
          productId: product.id,
          contractReference: null,
          contractStart: null,
          contractEnd: new Date(start + (1 + ((n * 7) % 1800)) * DAY_MS).toISOString().slice(0, 10),
          maxExtentDate: null,
          noticePeriodDays: null,
          annualValueGbp: 1000 * rank,
          totalValueGbp: null,
          hosting: Hosting.UNKNOWN,
          routeToMarket: null,
          openToCollaboration: true,
          notes: null,
          createdAt: now,
          updatedAt: now,
          retiredAt: null,
        });
      }
    }
    for (let i = 0; i < boroughs.length; i += ROWS_PER_INSERT)
      await em
        .createQueryBuilder()
        .insert()
        .into(Borough)
        .values(boroughs.slice(i, i + ROWS_PER_INSERT))
        .execute();
    for (let i = 0; i < systems.length; i += ROWS_PER_INSERT)
      await em
        .createQueryBuilder()
        .insert()
        .into(ItSystem)
        .values(systems.slice(i, i + ROWS_PER_INSERT))
        .execute();
  });
  return names;
}
