import { CAMDEN, entry, SUBMIT } from './helpers/lists';
import { codes, createTestApp, GraphQLResponse, TestApp } from './helpers/test-app';

/**
 * A query's answer is one state of the register, however many reads its resolvers make, while
 * lists change under it (on PostgreSQL, each read used to see the latest commit: a cluster's rows
 * could name a supplier its names were read too early to know, and a borough's version could sit
 * beside a later version's list). A writer and several readers race for a few seconds.
 */
describe('Reads while lists change (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '1000000' });
  });
  afterAll(() => t.close());

  const RACE_MS = 4_000;

  /** Runs `step` again and again until the race is over; how many times it ran. */
  async function loop(until: number, step: (n: number) => Promise<void>): Promise<number> {
    let n = 0;
    while (Date.now() < until) await step(n++);
    return n;
  }

  /** Camden's list as the nth write makes it: new supplier and product names, a name per version. */
  const list = (version: number, n: number) => [
    entry(1, {
      name: `Housing v${version}`,
      contractReference: 'H-1',
      supplierName: `Race Supplier ${n} Ltd`,
      productName: `Race Product ${n}`,
      contractEnd: '2027-05-31',
    }),
    entry(2, {
      name: `ERP v${version}`,
      categoryCode: 'erp',
      contractReference: 'E-1',
      supplierName: `Race ERP Supplier ${n} Ltd`,
      contractEnd: '2027-04-30',
    }),
  ];

  async function versionOf(gssCode: string): Promise<number> {
    const res = await t.gql(`{ borough(gssCode: "${gssCode}") { version } }`);
    return res.data!.borough.version as number;
  }

  /** Submits Camden's list after `version` as its nth; it must be accepted. The version made. */
  async function submitAfter(version: number, n: number): Promise<number> {
    const res = await t.gql(
      SUBMIT,
      { gssCode: CAMDEN, expectedVersion: version, systems: list(version + 1, n) },
      'demo-cmd',
    );
    expect(codes(res)).toEqual([]);
    return res.data!.submitTopSystems.version as number;
  }

  /** Submits Camden's next list until `until`; every write must be accepted. */
  async function writer(until: number): Promise<number> {
    let version = await versionOf(CAMDEN);
    return loop(until, async (n) => {
      version = await submitAfter(version, n);
    });
  }

  it('answers every cluster query while new suppliers and products are added', async () => {
    const failures: GraphQLResponse[] = [];
    const until = Date.now() + RACE_MS;
    const reader = () =>
      loop(until, async () => {
        const res = await t.gql(
          '{ expiryClusters { key boroughCount suppliers { supplier { name } } products { product { name } } } }',
          {},
          'demo-coordinator',
        );
        if (res.status !== 200 || res.errors) failures.push(res);
        else expect(res.data!.expiryClusters.length).toBeGreaterThan(0);
      });
    const [writes, ...reads] = await Promise.all([writer(until), reader(), reader()]);
    expect(writes).toBeGreaterThan(5);
    expect(reads.every((n) => n > 5)).toBe(true);
    expect(failures.map((f) => f.errors?.[0]?.message ?? f.status)).toEqual([]);
  });

  it("pairs a borough's version with that version's list, and with its history", async () => {
    const mismatches: string[] = [];
    const until = Date.now() + RACE_MS;
    const reader = () =>
      loop(until, async () => {
        const res = await t.gql(
          `{ borough(gssCode: "${CAMDEN}") { version systems { name } } submissions(gssCode: "${CAMDEN}") { version } }`,
          {},
          'demo-coordinator',
        );
        expect(codes(res)).toEqual([]);
        const { version, systems } = res.data!.borough;
        const names = systems.map((s: { name: string }) => s.name).join(', ');
        if (names !== `Housing v${version}, ERP v${version}`) {
          mismatches.push(`version ${version} with ${names}`);
        }
        const newest = res.data!.submissions[0].version;
        if (newest !== version) mismatches.push(`version ${version} with history at ${newest}`);
      });
    // After one write the list carries its version; reads start then.
    await submitAfter(await versionOf(CAMDEN), 0);
    const [writes, ...reads] = await Promise.all([writer(until), reader(), reader(), reader()]);
    expect(writes).toBeGreaterThan(5);
    expect(reads.every((n) => n > 5)).toBe(true);
    expect(mismatches).toEqual([]);
  });

  it('keeps writing after a query whose reads were shared, on the same connection', async () => {
    await t.gql(`{ borough(gssCode: "${CAMDEN}") { version systems { name } } }`);
    const version = await versionOf(CAMDEN);
    expect(await submitAfter(version, 999)).toBe(version + 1);
    expect(await versionOf(CAMDEN)).toBe(version + 1);
  });
});
