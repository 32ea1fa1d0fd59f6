import { ApiKeysService } from '../src/auth/api-keys.service';
import { Role } from '../src/access/role';
import { CAMDEN, entry, HACKNEY, SUBMIT } from './helpers/lists';
import { codes, createTestApp, TestApp } from './helpers/test-app';

describe('Access by API key (e2e)', () => {
  let t: TestApp;
  let keys: ApiKeysService;
  beforeAll(async () => {
    t = await createTestApp();
    keys = t.app.get(ApiKeysService);
  });
  afterAll(() => t.close());

  const READ = '{ boroughs { gssCode } }';
  const submitAs = (key: string | null, gssCode: string) =>
    t.gql(SUBMIT, { gssCode, systems: [entry(1)] }, key);

  it('refuses every operation without a key', async () => {
    const read = await t.gql(READ, {}, null);
    expect(read.data).toBeNull();
    expect(codes(read)).toEqual(['UNAUTHENTICATED']);
    expect(codes(await submitAs(null, CAMDEN))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an unknown key and a malformed Authorization header', async () => {
    expect(codes(await t.gql(READ, {}, 'demo-nobody'))).toEqual(['UNAUTHENTICATED']);
    const res = await t
      .http()
      .post('/graphql')
      .set('authorization', 'Basic demo-admin')
      .send({ query: READ });
    expect(res.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(
      ['UNAUTHENTICATED'],
    );
  });

  it('lets every role read', async () => {
    for (const key of ['demo-admin', 'demo-coordinator', 'demo-cmd']) {
      const res = await t.gql(READ, {}, key);
      expect(res.errors).toBeUndefined();
      expect(res.data!.boroughs).toHaveLength(33);
    }
  });

  it.each([
    ['demo-admin', CAMDEN, []],
    ['demo-admin', HACKNEY, []],
    ['demo-cmd', CAMDEN, []],
    ['demo-cmd', HACKNEY, ['FORBIDDEN']],
    ['demo-coordinator', CAMDEN, ['FORBIDDEN']],
  ])('%s submitting for %s gets %j', async (key, gssCode, expected) => {
    const before = (await t.gql(`{ borough(gssCode: "${gssCode}") { version } }`)).data!.borough
      .version;
    const res = await submitAs(key, gssCode);
    expect(codes(res)).toEqual(expected);
    const after = (await t.gql(`{ borough(gssCode: "${gssCode}") { version } }`)).data!.borough
      .version;
    expect(after).toBe(expected.length ? before : before + 1);
  });

  it.each([
    [
      'upsertSystem',
      `mutation { upsertSystem(gssCode: "${HACKNEY}", system: { rank: 1, name: "x", categoryCode: "erp", supplierName: "SAP", contractEnd: "2027-01-01" }) { version } }`,
    ],
    ['removeSystem', `mutation { removeSystem(gssCode: "${HACKNEY}", rank: 1) { version } }`],
  ])("refuses a borough lead's %s on another borough", async (_, mutation) => {
    expect(codes(await t.gql(mutation, {}, 'demo-cmd'))).toEqual(['FORBIDDEN']);
  });

  it('refuses a revoked key and an expired key', async () => {
    const revoked = await keys.create({ role: Role.COORDINATOR, label: 'Temp' });
    expect((await t.gql(READ, {}, revoked.secret)).errors).toBeUndefined();
    await keys.revoke(revoked.key.id);
    expect(codes(await t.gql(READ, {}, revoked.secret))).toEqual(['UNAUTHENTICATED']);

    const expiring = await keys.create({
      role: Role.COORDINATOR,
      label: 'Short',
      expiresAt: new Date('2026-11-27T00:00:00Z'),
    });
    expect((await t.gql(READ, {}, expiring.secret)).errors).toBeUndefined();
    t.clock.set(new Date('2026-11-27T00:00:01Z'));
    try {
      expect(codes(await t.gql(READ, {}, expiring.secret))).toEqual(['UNAUTHENTICATED']);
    } finally {
      t.clock.set(new Date('2026-11-26T09:00:00Z'));
    }
  });

  it('stores only the hash of a secret', async () => {
    const { key, secret } = await keys.create({
      role: Role.BOROUGH_LEAD,
      boroughCode: CAMDEN,
      label: 'Camden procurement',
    });
    expect(secret).toMatch(/^crk_[A-Za-z0-9_-]{43}$/);
    const rows = await t.db.dataSource.query(`SELECT * FROM api_key WHERE id = '${key.id}'`);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    const res = await submitAs(secret, CAMDEN);
    expect(res.data!.submitTopSystems.submittedBy).toBe('Camden procurement');
  });

  it('refuses a borough key without a borough, and a borough on an admin key', async () => {
    await expect(keys.create({ role: Role.BOROUGH_LEAD, label: 'x' })).rejects.toThrow(
      'Invalid input: borough',
    );
    await expect(
      keys.create({ role: Role.ADMIN, label: 'x', boroughCode: CAMDEN }),
    ).rejects.toThrow('Invalid input: borough');
    await expect(
      keys.create({ role: Role.BOROUGH_LEAD, label: 'x', boroughCode: 'E09000099' }),
    ).rejects.toThrow('no borough has GSS or LAE code E09000099');
  });
});
