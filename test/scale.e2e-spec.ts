import { MAX_BATCH_KEYS } from '../src/common/loaders';
import { addPublicBodies } from './helpers/large-register';
import { createTestApp, onPostgres, TEST_NOW, TestApp } from './helpers/test-app';

/**
 * On SQLite, more entries than it takes bound parameters in one statement (32,766): an answer
 * that asked for every member's entry by id in one `IN (…)` failed here with an internal error.
 * PostgreSQL takes 65,535; there the bound on every statement's parameters is what the test holds
 * to, with ten times a batch of keys, which keeps its run in band short.
 */
const MEMBERS_OVER = onPostgres() ? 10 * MAX_BATCH_KEYS : 32_766;
const BODIES = Math.ceil(MEMBERS_OVER / 10) + 100;

const COORDINATOR = `
  query($input: ClusterInput) {
    expiryClusters(input: $input) {
      id key boroughCount actionBy window { start end }
      boroughs { gssCode }
      members {
        alignedEnd
        system {
          id name contractEnd maxExtentDate noticeDeadline
          borough { shortName } supplier { name } product { name }
        }
      }
    }
  }`;

describe('A national register (e2e)', () => {
  let t: TestApp;
  let names: Map<string, string>;
  beforeAll(async () => {
    t = await createTestApp();
    names = await addPublicBodies(t.db, BODIES, TEST_NOW.toISOString().slice(0, 10));
  }, 300_000);
  afterAll(() => t.close());

  it('answers every member of five years of clusters with their entries, no statement carrying more than a batch of parameters', async () => {
    const parameters: number[] = [];
    const spy = jest
      .spyOn(t.db.dataSource.logger, 'logQuery')
      .mockImplementation((_sql, values) => {
        parameters.push(Array.isArray(values) ? values.length : Object.keys(values ?? {}).length);
      });
    let res;
    try {
      res = await t.gql(COORDINATOR, { input: { horizonMonths: 60 } }, 'demo-coordinator');
    } finally {
      spy.mockRestore();
    }
    expect(res.errors).toBeUndefined();
    const members = res.data!.expiryClusters.flatMap((c: any) => c.members);
    expect(members.length).toBeGreaterThan(MEMBERS_OVER);
    // Every member appears once and carries its own entry, names and all.
    const ids = members.map((m: any) => m.system.id);
    expect(new Set(ids).size).toBe(ids.length);
    const added = members.filter((m: any) => names.has(m.system.id));
    expect(added.length).toBeGreaterThan(MEMBERS_OVER);
    for (const { system } of added) {
      expect(system.name).toBe(names.get(system.id));
      expect(system.borough.shortName).toBe(system.name.replace(/ system \d+$/, ''));
      expect(system.noticeDeadline).toBe(system.contractEnd);
      expect(typeof system.supplier.name).toBe('string');
      expect(typeof system.product.name).toBe('string');
    }
    expect(Math.max(...parameters)).toBeLessThanOrEqual(MAX_BATCH_KEYS);
  }, 300_000);

  it('pages through the whole register in pages of 10,000 with every name', async () => {
    const page = (offset: number) =>
      t.gql(
        `query($offset: Int) { systems(limit: 10000, offset: $offset) { id name borough { shortName } supplier { name } category { code } } }`,
        { offset },
        'demo-coordinator',
      );
    const seen = new Set<string>();
    for (let offset = 0; ; offset += 10_000) {
      const res = await page(offset);
      expect(res.errors).toBeUndefined();
      for (const s of res.data!.systems) seen.add(s.id);
      if (res.data!.systems.length < 10_000) break;
    }
    for (const id of names.keys()) expect(seen.has(id)).toBe(true);
  }, 300_000);
});
