import { parse } from 'csv-parse/sync';
import { Borough } from '../src/boroughs/borough.entity';
import { Submission } from '../src/submissions/submission.entity';
import { CAMDEN, entry, HACKNEY, SUBMIT } from './helpers/lists';
import { codes, createTestApp, fieldPaths, TestApp } from './helpers/test-app';

const LIST = `query($g: String!) { borough(gssCode: $g) { version
  systems { id rank name renewalDecision decisionNote } } }`;
const HISTORY = `query($g: String!) { submissions(gssCode: $g) { version
  systems { rank renewalDecision decisionNote } } }`;
const CLUSTERS = `query($input: ClusterInput) { expiryClusters(input: $input) {
  key decisions { decision count }
  members { renewalDecision system { id borough { gssCode } } } } }`;
const IMPORT = `mutation($g: String!, $csv: String!) {
  importTopSystemsCsv(gssCode: $g, csv: $csv) { version changes { change rank columns } } }`;

/** Two boroughs' CRM contracts ending a month apart in 2027: a cluster, while both are in it. */
const crm = (rank: number, extra: Record<string, unknown> = {}) =>
  entry(rank, {
    name: `CRM ${rank}`,
    categoryCode: 'crm',
    contractReference: `CRM-${rank}`,
    contractEnd: '2027-05-31',
    ...extra,
  });

describe('Renewal decisions (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const crmCluster = async () => {
    const res = await t.gql(CLUSTERS, {
      input: { asOf: '2026-11-26', categoryCodes: ['crm'], boroughGssCodes: [CAMDEN, HACKNEY] },
    });
    expect(res.errors).toBeUndefined();
    return res.data!.expiryClusters as {
      decisions: { decision: string; count: number }[];
      members: { renewalDecision: string; system: { borough: { gssCode: string } } }[];
    }[];
  };

  it('records a decision and its note with the list, UNDECIDED when left out, in every version', async () => {
    const submitted = await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      systems: [
        crm(1, { renewalDecision: 'EXTEND', decisionNote: 'Cabinet agreed the +1 on 3 May' }),
        crm(2, { name: 'Other', categoryCode: 'erp' }),
      ],
    });
    expect(submitted.errors).toBeUndefined();
    const list = (await t.gql(LIST, { g: CAMDEN })).data!.borough;
    expect(
      list.systems.map((s: Record<string, unknown>) => [s.renewalDecision, s.decisionNote]),
    ).toEqual([
      ['EXTEND', 'Cabinet agreed the +1 on 3 May'],
      ['UNDECIDED', null],
    ]);
    const [latest, ...older] = (await t.gql(HISTORY, { g: CAMDEN })).data!.submissions;
    expect(latest.systems).toEqual([
      { rank: 1, renewalDecision: 'EXTEND', decisionNote: 'Cabinet agreed the +1 on 3 May' },
      { rank: 2, renewalDecision: 'UNDECIDED', decisionNote: null },
    ]);
    expect(older.length).toBeGreaterThan(0);
  });

  it('reads a version written before decisions existed as undecided, without a note', async () => {
    // The seed version as it was stored before the migration: snapshots without the two fields.
    await t.db.transaction(async (em) => {
      const camden = await em.findOneByOrFail(Borough, { gssCode: CAMDEN });
      const seed = await em.findOneByOrFail(Submission, { boroughId: camden.id, version: 1 });
      const legacy = seed.systems.map(({ renewalDecision, decisionNote, ...rest }) => {
        void renewalDecision;
        void decisionNote;
        return rest;
      });
      await em.update(Submission, { id: seed.id }, { systems: legacy });
      const stored = await em
        .createQueryBuilder(Submission, 's')
        .select('s.systems', 'systems')
        .where('s.id = :id', { id: seed.id })
        .getRawOne<{ systems: string }>();
      expect(stored!.systems).not.toContain('renewalDecision');
    });
    const versions = (await t.gql(HISTORY, { g: CAMDEN })).data!.submissions;
    const seed = versions[versions.length - 1];
    expect(seed.version).toBe(1);
    expect(seed.systems.length).toBeGreaterThan(0);
    for (const s of seed.systems)
      expect(s).toEqual({ rank: s.rank, renewalDecision: 'UNDECIDED', decisionNote: null });
  });

  it('refuses an unknown decision and a note over 500 characters, naming the fields', async () => {
    const res = await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      systems: [crm(1, { decisionNote: 'x'.repeat(501) }), crm(2, { renewalDecision: 'MAYBE' })],
    });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    const bad = await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      systems: [crm(1, { decisionNote: 'x'.repeat(501) })],
    });
    expect(fieldPaths(bad)).toEqual(['systems.0.decisionNote']);
  });

  it('counts a note in characters as the database does, variation selectors included', async () => {
    // ✔️ is two code points (U+2714 U+FE0F): 250 of them fill the 500 exactly, 251 do not.
    const tick = '\u2714\ufe0f';
    const over = await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      systems: [crm(1, { decisionNote: tick.repeat(251) })],
    });
    expect(fieldPaths(over)).toEqual(['systems.0.decisionNote']);
    const full = await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      systems: [crm(1, { decisionNote: tick.repeat(250) })],
    });
    expect(full.errors).toBeUndefined();
    const list = (await t.gql(LIST, { g: CAMDEN })).data!.borough;
    expect(list.systems[0].decisionNote).toBe(tick.repeat(250));
  });

  it('leaves a DECOMMISSION entry out of clusters, and counts the decisions of the members', async () => {
    await t.gql(SUBMIT, { gssCode: HACKNEY, systems: [crm(1, { contractEnd: '2027-06-30' })] });
    await t.gql(SUBMIT, { gssCode: CAMDEN, systems: [crm(1, { renewalDecision: 'REPROCURE' })] });
    const [cluster] = await crmCluster();
    expect(cluster.decisions).toEqual([
      { decision: 'UNDECIDED', count: 1 },
      { decision: 'REPROCURE', count: 1 },
    ]);
    expect(cluster.members.map((m) => [m.system.borough.gssCode, m.renewalDecision])).toEqual([
      [CAMDEN, 'REPROCURE'],
      [HACKNEY, 'UNDECIDED'],
    ]);
    await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      systems: [crm(1, { renewalDecision: 'DECOMMISSION' })],
    });
    expect(await crmCluster()).toEqual([]);
  });

  it('reads and writes decisions in the spreadsheet, changing only what the file changes', async () => {
    await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      systems: [crm(1, { renewalDecision: 'RENEW', decisionNote: 'Same supplier' })],
    });
    const res = await t
      .http()
      .get(`/exports/${CAMDEN}/systems.csv`)
      .set('authorization', 'Bearer demo-cmd');
    const [row] = parse<Record<string, string>>(res.text, { bom: true, columns: true });
    expect(row).toMatchObject({ renewal_decision: 'RENEW', decision_note: 'Same supplier' });
    const unchanged = await t.gql(IMPORT, { g: CAMDEN, csv: res.text }, 'demo-cmd');
    expect(unchanged.data!.importTopSystemsCsv.changes).toEqual([
      { change: 'UNCHANGED', rank: 1, columns: [] },
    ]);
    const csv = res.text.replace(',RENEW,', ',Re-procure,');
    const changed = await t.gql(IMPORT, { g: CAMDEN, csv }, 'demo-cmd');
    expect(changed.data!.importTopSystemsCsv.changes).toEqual([
      { change: 'UPDATED', rank: 1, columns: ['renewal_decision'] },
    ]);
    const list = (await t.gql(LIST, { g: CAMDEN })).data!.borough;
    expect(list.systems[0]).toMatchObject({
      renewalDecision: 'REPROCURE',
      decisionNote: 'Same supplier',
    });
  });
});

describe('List freshness (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const FRESHNESS = `query($g: String!) { borough(gssCode: $g) { version lastSubmittedAt lastConfirmedAt stale } }`;
  const CONFIRM = `mutation($g: String!, $v: Int!) { confirmTopSystems(gssCode: $g, expectedVersion: $v) { version lastConfirmedAt stale } }`;
  const state = async (g: string) => (await t.gql(FRESHNESS, { g })).data!.borough;

  it('is fresh when changed, stale after STALE_AFTER_DAYS, and fresh again when confirmed, with no new version', async () => {
    const start = t.clock.now();
    await t.gql(SUBMIT, { gssCode: CAMDEN, systems: [crm(1)] });
    const submitted = await state(CAMDEN);
    expect(submitted).toMatchObject({ stale: false, lastConfirmedAt: start.toISOString() });
    expect(submitted.lastSubmittedAt).toBe(submitted.lastConfirmedAt);

    // Submitted on 26 November: fresh through the 120th day after (26 March, to its last
    // moment in London), stale from the next.
    t.clock.set(new Date('2027-03-26T23:59:59.999Z'));
    expect((await state(CAMDEN)).stale).toBe(false);
    t.clock.set(new Date('2027-03-27T00:00:00.000Z'));
    expect((await state(CAMDEN)).stale).toBe(true);

    const later = t.clock.now();
    const confirmed = await t.gql(CONFIRM, { g: CAMDEN, v: submitted.version }, 'demo-cmd');
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data!.confirmTopSystems).toEqual({
      version: submitted.version,
      lastConfirmedAt: later.toISOString(),
      stale: false,
    });
    expect(await state(CAMDEN)).toEqual({
      version: submitted.version,
      lastSubmittedAt: submitted.lastSubmittedAt,
      lastConfirmedAt: later.toISOString(),
      stale: false,
    });
    const history = await t.gql(`{ submissions(gssCode: "${CAMDEN}") { version } }`);
    expect(history.data!.submissions[0].version).toBe(submitted.version);
    const audit = await t.gql(
      `{ auditEvents(filter: { action: "list.confirm" }) { action gssCode actorLabel at } }`,
    );
    expect(audit.data!.auditEvents).toEqual([
      {
        action: 'list.confirm',
        gssCode: CAMDEN,
        actorLabel: expect.any(String),
        at: later.toISOString(),
      },
    ]);
  });

  it('refuses a stale version with CONFLICT, and other roles and boroughs as a list change, changing nothing', async () => {
    const before = await state(HACKNEY);
    const stale = await t.gql(CONFIRM, { g: HACKNEY, v: before.version - 1 }, 'demo-hck');
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(codes(await t.gql(CONFIRM, { g: HACKNEY, v: before.version }, 'demo-cmd'))).toEqual([
      'FORBIDDEN',
    ]);
    expect(
      codes(await t.gql(CONFIRM, { g: HACKNEY, v: before.version }, 'demo-coordinator')),
    ).toEqual(['FORBIDDEN']);
    expect(await state(HACKNEY)).toEqual(before);
    const admin = await t.gql(CONFIRM, { g: HACKNEY, v: before.version }, 'demo-admin');
    expect(admin.errors).toBeUndefined();
  });
});

describe('Filtering the register by decision and freshness (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const SYSTEMS = `query($filter: SystemFilter) { systems(filter: $filter, limit: 10000) {
    name renewalDecision borough { gssCode stale } } }`;
  const systems = async (filter: Record<string, unknown>) => {
    const res = await t.gql(SYSTEMS, { filter });
    expect(res.errors).toBeUndefined();
    return res.data!.systems as {
      name: string;
      renewalDecision: string;
      borough: { gssCode: string; stale: boolean };
    }[];
  };
  const DAY = 86_400_000;

  beforeAll(async () => {
    const start = t.clock.now();
    await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      systems: [
        crm(1, { renewalDecision: 'EXTEND' }),
        crm(2, { name: 'Finance', categoryCode: 'erp' }),
        crm(3, { name: 'Old intranet', categoryCode: 'erp', renewalDecision: 'DECOMMISSION' }),
      ],
    });
    // Every list seeded or changed at the start is stale 121 days on; Hackney's, changed then, is not.
    t.clock.set(new Date(start.getTime() + 121 * DAY));
    await t.gql(SUBMIT, { gssCode: HACKNEY, systems: [crm(1, { renewalDecision: 'RENEW' })] });
  });

  it("keeps the entries of stale lists, or of fresh ones, agreeing with each borough's `stale`", async () => {
    const every = await systems({});
    const stale = await systems({ staleList: true });
    const fresh = await systems({ staleList: false });
    expect(new Set(fresh.map((s) => s.borough.gssCode))).toEqual(new Set([HACKNEY]));
    expect(stale.length + fresh.length).toBe(every.length);
    expect(stale.length).toBeGreaterThan(100);
    for (const s of stale) expect(s.borough.stale).toBe(true);
    for (const s of fresh) expect(s.borough.stale).toBe(false);
    expect(
      (await systems({ staleList: true, boroughGssCodes: [CAMDEN, HACKNEY] })).map((s) => s.name),
    ).toEqual(['CRM 1', 'Finance', 'Old intranet']);
  });

  it('keeps the entries with the decisions asked for; an empty list matches nothing', async () => {
    const mine = { boroughGssCodes: [CAMDEN, HACKNEY] };
    const names = async (renewalDecisions: string[]) =>
      (await systems({ ...mine, renewalDecisions })).map((s) => [s.name, s.renewalDecision]);
    expect(await names(['UNDECIDED'])).toEqual([['Finance', 'UNDECIDED']]);
    expect(await names(['EXTEND', 'RENEW', 'DECOMMISSION'])).toEqual([
      ['CRM 1', 'EXTEND'],
      ['Old intranet', 'DECOMMISSION'],
      ['CRM 1', 'RENEW'],
    ]);
    expect(await names([])).toEqual([]);
    const undecided = await systems({ renewalDecisions: ['UNDECIDED'] });
    expect(undecided.length).toBeGreaterThan(100);
    expect(undecided.every((s) => s.renewalDecision === 'UNDECIDED')).toBe(true);
    const bad = await t.gql(SYSTEMS, { filter: { renewalDecisions: ['MAYBE'] } });
    expect(bad.errors?.[0].message).toContain('renewalDecisions');
  });

  it('pages the filtered register as one read gives it: no row twice, none missed', async () => {
    const PAGE = `query($filter: SystemFilter, $limit: Int, $offset: Int) {
      systems(filter: $filter, limit: $limit, offset: $offset) { id } }`;
    for (const filter of [
      { staleList: true, renewalDecisions: ['UNDECIDED'] },
      { staleList: false },
      { renewalDecisions: ['UNDECIDED', 'EXTEND'] },
    ]) {
      const all = (await t.gql(PAGE, { filter, limit: 10000 })).data!.systems;
      const paged: { id: string }[] = [];
      for (let offset = 0; offset <= all.length; offset += 23) {
        const res = await t.gql(PAGE, { filter, limit: 23, offset });
        expect(res.errors).toBeUndefined();
        paged.push(...res.data!.systems);
      }
      expect(paged).toEqual(all);
    }
  });

  it('turns a list stale at the London midnight its 120 whole days end, in the database as on the borough', async () => {
    // Hackney's list was changed on 27 March 2027 (London): stale from 26 July, which begins at
    // 23:00 UTC on the 25th, in summer time.
    const hackney = async () => ({
      rows: (await systems({ staleList: true, boroughGssCodes: [HACKNEY] })).length,
      fresh: (await systems({ staleList: false, boroughGssCodes: [HACKNEY] })).length,
      stale: (await t.gql(`{ borough(gssCode: "${HACKNEY}") { stale } }`)).data!.borough.stale,
    });
    const now = t.clock.now();
    try {
      t.clock.set(new Date('2027-07-25T22:59:59.999Z'));
      expect(await hackney()).toEqual({ rows: 0, fresh: 1, stale: false });
      t.clock.set(new Date('2027-07-25T23:00:00.000Z'));
      expect(await hackney()).toEqual({ rows: 1, fresh: 0, stale: true });

      // Confirmed at that very midnight, the list's 120th day after is still fresh, to its end.
      const { version } = (await t.gql(`{ borough(gssCode: "${HACKNEY}") { version } }`)).data!
        .borough;
      const confirmed = await t.gql(
        `mutation { confirmTopSystems(gssCode: "${HACKNEY}", expectedVersion: ${version}) { stale } }`,
        {},
        'demo-hck',
      );
      expect(confirmed.errors).toBeUndefined();
      t.clock.set(new Date('2027-11-23T23:59:59.999Z'));
      expect(await hackney()).toEqual({ rows: 0, fresh: 1, stale: false });
      t.clock.set(new Date('2027-11-24T00:00:00.000Z'));
      expect(await hackney()).toEqual({ rows: 1, fresh: 0, stale: true });
    } finally {
      t.clock.set(now);
    }
  });

  it('takes `decision` (in words, repeated or comma-separated) and `staleList` on the CSV export, naming a bad one', async () => {
    const csv = async (query: string) =>
      t.http().get(`/exports/systems.csv?${query}`).set('authorization', 'Bearer demo-coordinator');
    const rows = async (query: string) => {
      const res = await csv(query);
      expect(res.status).toBe(200);
      return parse<Record<string, string>>(res.text, { bom: true, columns: true }).map((r) => [
        r.name,
        r.renewal_decision,
      ]);
    };
    const both = `borough=${CAMDEN},${HACKNEY}`;
    expect(await rows(`${both}&decision=undecided`)).toEqual([['Finance', 'UNDECIDED']]);
    expect(await rows(`${both}&decision=Extend&decision=renew`)).toEqual([
      ['CRM 1', 'EXTEND'],
      ['CRM 1', 'RENEW'],
    ]);
    expect(await rows(`${both}&staleList=false`)).toEqual([['CRM 1', 'RENEW']]);
    expect(await rows(`${both}&staleList=true&decision=UNDECIDED,decommission`)).toEqual([
      ['Finance', 'UNDECIDED'],
      ['Old intranet', 'DECOMMISSION'],
    ]);
    for (const [query, parameter, message] of [
      [
        'decision=maybe',
        'decision',
        'must be one of UNDECIDED, REPROCURE, EXTEND, RENEW, DECOMMISSION',
      ],
      ['staleList=yes', 'staleList', 'must be true or false'],
      ['staleList=true&staleList=false', 'staleList', 'is given more than once'],
    ]) {
      const res = await csv(query);
      expect(res.status).toBe(400);
      const [error] = JSON.parse(res.text).errors;
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.fieldErrors).toEqual([{ path: parameter, message }]);
    }
  });
});
