import { ApiKeysService } from '../src/auth/api-keys.service';
import { Role } from '../src/access/role';
import { CAMDEN, entry, SUBMIT } from './helpers/lists';
import { AuditEvent } from '../src/audit/audit-event.entity';
import { codes, createTestApp, onPostgres, TestApp } from './helpers/test-app';

const EVENTS = `query($filter: AuditFilter, $limit: Int) {
  auditEvents(filter: $filter, limit: $limit) { id at actorKeyId actorLabel action gssCode targetId summary } }`;

describe('Audit trail (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const events = async (filter: object = {}, limit = 100) => {
    const res = await t.gql(EVENTS, { filter, limit });
    expect(res.errors).toBeUndefined();
    return res.data!.auditEvents as {
      actorKeyId: string | null;
      actorLabel: string;
      action: string;
      gssCode: string | null;
      targetId: string | null;
      summary: string;
    }[];
  };

  it('records each borough’s demo list as it was seeded', async () => {
    const seeded = await events({ action: 'list.seed' });
    expect(seeded).toHaveLength(33);
    expect(seeded[0]).toMatchObject({ actorKeyId: null, actorLabel: 'Demo data' });
  });

  it('records a submission with who, which borough, and what changed', async () => {
    const res = await t.gql(
      SUBMIT,
      { gssCode: CAMDEN, systems: [entry(1, { name: 'Housing' })] },
      'demo-cmd',
    );
    const [event] = await events({ action: 'list.submit', gssCode: CAMDEN });
    expect(event).toMatchObject({
      actorLabel: 'Demo Camden lead',
      action: 'list.submit',
      gssCode: CAMDEN,
      targetId: res.data!.submitTopSystems.id,
    });
    expect(event.actorKeyId).toMatch(/^[0-9a-f-]{36}$/);
    const summary = JSON.parse(event.summary);
    expect(summary.before).toEqual({ version: 1, entries: 10 });
    expect(summary.after).toEqual({ version: 2, entries: 1 });
    expect(summary.added).toEqual(['Housing']);
    expect(summary.removed).toHaveLength(10);
  });

  it('writes nothing for a refused change', async () => {
    const before = (await events({}, 1000)).length;
    expect(
      codes(
        await t.gql(SUBMIT, {
          gssCode: CAMDEN,
          systems: [entry(1, { contractEnd: '2027-02-29' })],
        }),
      ),
    ).toEqual(['BAD_USER_INPUT']);
    expect(
      codes(await t.gql(SUBMIT, { gssCode: CAMDEN, expectedVersion: 1, systems: [entry(1)] })),
    ).toEqual(['CONFLICT']);
    expect(
      codes(await t.gql(SUBMIT, { gssCode: 'E09000012', systems: [entry(1)] }, 'demo-cmd')),
    ).toEqual(['FORBIDDEN']);
    expect((await events({}, 1000)).length).toBe(before);
  });

  it('records subscriptions, merges, keys and alert runs, but not a dry run', async () => {
    const created = await t.gql(
      `mutation { createAlertSubscription(input: { email: "a@camden.gov.uk", gssCode: "${CAMDEN}" }) { id } }`,
      {},
      'demo-cmd',
    );
    const id = created.data!.createAlertSubscription.id;
    await t.gql(`mutation($id: ID!) { deleteAlertSubscription(id: $id) }`, { id }, 'demo-cmd');
    await t.gql(`mutation { runAlerts(dryRun: true) { emailsQueued } }`);
    await t.gql(`mutation { runAlerts { emailsQueued } }`);
    const keys = t.app.get(ApiKeysService);
    const { key } = await keys.create({ role: Role.COORDINATOR, label: 'LOTI team' });
    await keys.revoke(key.id);
    const suppliers = (await t.gql(`{ suppliers { id name } }`)).data!.suppliers;
    await t.gql(`mutation($f: ID!, $i: ID!) { mergeSuppliers(fromId: $f, intoId: $i) { id } }`, {
      f: suppliers[0].id,
      i: suppliers[1].id,
    });

    const recent = (await events({}, 7)).map((e) => [e.action, e.actorLabel]);
    expect(recent).toEqual([
      ['supplier.merge', 'Demo admin'],
      ['apikey.revoke', 'npm run apikey'],
      ['apikey.create', 'npm run apikey'],
      ['alerts.run', 'Demo admin'],
      ['subscription.delete', 'Demo Camden lead'],
      ['subscription.create', 'Demo Camden lead'],
      ['list.submit', 'Demo Camden lead'],
    ]);
    const [createdEvent] = await events({ action: 'apikey.create' });
    expect(createdEvent.summary).not.toMatch(/crk_/);
    expect(JSON.parse(createdEvent.summary).after).toEqual({
      label: 'LOTI team',
      role: 'COORDINATOR',
      expiresAt: null,
    });
    expect((await events({ action: 'subscription.' })).map((e) => e.action)).toEqual([
      'subscription.delete',
      'subscription.create',
    ]);
  });

  it('records subscription changes and each alert email a run queues', async () => {
    const created = await t.gql(
      `mutation { createAlertSubscription(input: { email: "b@camden.gov.uk", gssCode: "${CAMDEN}" }) { id } }`,
      {},
      'demo-cmd',
    );
    const id = created.data!.createAlertSubscription.id;
    await t.gql(
      `mutation($id: ID!) { updateAlertSubscription(id: $id, input: { email: "c@camden.gov.uk", gssCode: "${CAMDEN}" }) { id } }`,
      { id },
      'demo-cmd',
    );
    const [update] = await events({ action: 'subscription.update' });
    expect(JSON.parse(update.summary)).toMatchObject({
      before: { email: 'b@camden.gov.uk' },
      after: { email: 'c@camden.gov.uk' },
    });
    const run = (await t.gql(`mutation { runAlerts { emailsQueued } }`)).data!.runAlerts;
    expect(run.emailsQueued).toBe(1);
    const [queued] = await events({ action: 'alerts.queue' });
    expect(queued).toMatchObject({ actorLabel: 'Demo admin', gssCode: CAMDEN });
    expect(JSON.parse(queued.summary)).toMatchObject({ subscriptionId: id });
  });

  it('is for admins only', async () => {
    for (const key of ['demo-coordinator', 'demo-cmd']) {
      expect(codes(await t.gql(EVENTS, {}, key))).toEqual(['FORBIDDEN']);
    }
  });

  it('refuses to change or delete a recorded event, in the database itself', async () => {
    const recorded = await events({}, 1000);
    await expect(t.db.dataSource.query(`UPDATE audit_event SET action = 'forged'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.dataSource.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    if (onPostgres()) {
      await expect(t.db.dataSource.query('TRUNCATE audit_event')).rejects.toThrow(/append-only/);
    }
    expect(await events({}, 1000)).toEqual(recorded);
  });

  it('reads a borough the register does not have as a null gssCode, not an error', async () => {
    await t.db.dataSource.getRepository(AuditEvent).insert({
      at: new Date('2026-11-26T09:00:00Z'),
      actorKeyId: null,
      actorLabel: 'Restored row',
      action: 'list.submit',
      boroughId: 'no-such-borough',
      targetId: null,
      summary: '{}',
    });
    const res = await t.gql(EVENTS, { filter: { action: 'list.submit' }, limit: 1 });
    expect(res.errors).toBeUndefined();
    expect(res.data!.auditEvents.map((e: any) => [e.actorLabel, e.gssCode])).toEqual([
      ['Restored row', null],
    ]);
  });

  it('refuses a bad filter naming the field', async () => {
    const res = await t.gql(EVENTS, { filter: { gssCode: 'E09000099' }, limit: 5000 });
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      { path: 'limit', message: 'must be a whole number from 0 to 1000' },
    ]);
  });

  it('records revoking the demo keys, by whom and how many (last: it locks the demo keys out)', async () => {
    expect(
      await t.app.get(ApiKeysService).revokeDemoKeys({ keyId: null, label: 'Test operator' }),
    ).toBe(35);
    const rows = await t.db.dataSource.query(
      `SELECT actor_label, summary FROM audit_event WHERE action = 'apikey.revoke-demo'`,
    );
    expect(rows).toEqual([
      { actor_label: 'Test operator', summary: JSON.stringify({ revoked: 35 }) },
    ]);
    expect(codes(await t.gql(EVENTS, {}))).toEqual(['UNAUTHENTICATED']);
  });
});
