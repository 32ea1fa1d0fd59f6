import ICAL from 'ical.js';
import { CAMDEN, entry, HACKNEY, SUBMIT } from './helpers/lists';
import { codes, createTestApp, fieldPaths, onPostgres, TestApp } from './helpers/test-app';

const CREATE = `mutation($gssCode: String, $label: String) {
  createCalendarFeed(gssCode: $gssCode, label: $label) { id label gssCode url createdAt createdBy revokedAt } }`;
const LIST = `{ calendarFeeds { id label gssCode url createdAt revokedAt } }`;
const REVOKE = `mutation($id: ID!) { revokeCalendarFeed(id: $id) }`;
const SYSTEMS = `query($f: SystemFilter) { systems(filter: $f, limit: 10000) {
  id name contractEnd noticeDeadline noticePeriodDays maxExtentDate borough { gssCode } } }`;
const CLUSTERS = `{ expiryClusters { id actionBy lastChanceBy members { system { borough { gssCode } } } } }`;

/** Camden's list for these tests: a name a calendar must escape, and one contract of each shape. */
const camdenList = [
  entry(1, {
    name: 'Rents, arrears; and\nvoids \\ café',
    categoryCode: 'housing-management',
    supplierName: 'NEC Software Solutions UK Ltd',
    productName: 'NEC Housing',
    contractReference: 'CMD-HO',
    contractEnd: '2027-06-30',
    maxExtentDate: '2029-06-30',
    noticePeriodDays: 90,
  }),
  entry(2, {
    name: 'Payroll',
    categoryCode: 'erp',
    supplierName: 'SAP UK Ltd',
    contractReference: 'CMD-ERP',
    contractEnd: '2027-09-30',
  }),
  entry(3, {
    name: 'Planning',
    categoryCode: 'planning-building-control',
    supplierName: 'Idox Software Ltd',
    contractReference: 'CMD-PL',
    contractEnd: '2028-03-31',
    noticePeriodDays: 0,
  }),
];

interface FeedEvent {
  uid: string;
  start: string;
  startType: string;
  stamp: string | null;
  summary: string;
  description: string;
}

/** The feed as a calendar client reads it, with ical.js. */
function parse(text: string): { calendar: ICAL.Component; events: FeedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents('vevent').map((e) => {
    const start = e.getFirstProperty('dtstart')!;
    return {
      uid: String(e.getFirstPropertyValue('uid')),
      start: String(start.getFirstValue()),
      startType: start.type,
      stamp: e.getFirstPropertyValue('dtstamp') ? String(e.getFirstPropertyValue('dtstamp')) : null,
      summary: String(e.getFirstPropertyValue('summary')),
      description: String(e.getFirstPropertyValue('description')),
    };
  });
  return { calendar, events };
}

/** The events a feed must hold, as `${uid prefix} ${date}`, from the GraphQL answers. */
async function expectedEvents(t: TestApp, gssCode: string | null): Promise<string[]> {
  const systems = (await t.gql(SYSTEMS, { f: gssCode ? { boroughGssCodes: [gssCode] } : {} })).data!
    .systems as {
    id: string;
    contractEnd: string;
    noticeDeadline: string;
    noticePeriodDays: number | null;
    maxExtentDate: string | null;
  }[];
  const clusters = (await t.gql(CLUSTERS)).data!.expiryClusters as {
    id: string;
    actionBy: string;
    lastChanceBy: string;
    members: { system: { borough: { gssCode: string } } }[];
  }[];
  return [
    ...systems.flatMap((s) => [
      `system-${s.id}-contract-end ${s.contractEnd}`,
      ...(s.noticePeriodDays ? [`system-${s.id}-notice-deadline ${s.noticeDeadline}`] : []),
      ...(s.maxExtentDate ? [`system-${s.id}-max-extent ${s.maxExtentDate}`] : []),
    ]),
    ...clusters
      .filter((c) => !gssCode || c.members.some((m) => m.system.borough.gssCode === gssCode))
      .flatMap((c) => [
        `cluster-${c.id}-action-by ${c.actionBy}`,
        `cluster-${c.id}-last-chance ${c.lastChanceBy}`,
      ]),
  ].sort();
}

const asListed = (events: FeedEvent[]) =>
  events.map((e) => `${e.uid.replace(/@.*$/, '')} ${e.start}`).sort();

describe(`Calendar feeds on ${onPostgres() ? 'PostgreSQL' : 'SQLite'} (e2e)`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://register.example' });
    const submitted = await t.gql(SUBMIT, { gssCode: CAMDEN, systems: camdenList });
    expect(submitted.errors).toBeUndefined();
  });

  afterAll(async () => {
    await t?.close();
  });

  const create = async (gssCode: string | null, key = 'demo-admin', label?: string) => {
    const res = await t.gql(CREATE, { gssCode, label }, key);
    expect(res.errors).toBeUndefined();
    return res.data!.createCalendarFeed as {
      id: string;
      label: string;
      gssCode: string | null;
      url: string;
    };
  };
  const path = (url: string) => new URL(url).pathname;
  const fetchFeed = (url: string) => t.http().get(path(url));

  it('creates a feed with a secret URL shown once and lists it without the URL', async () => {
    const res = await t.gql(CREATE, { gssCode: CAMDEN, label: 'Camden procurement' });
    expect(res.errors).toBeUndefined();
    const feed = res.data!.createCalendarFeed;
    expect(feed).toEqual({
      id: expect.any(String),
      label: 'Camden procurement',
      gssCode: CAMDEN,
      url: expect.stringMatching(/^https:\/\/register\.example\/calendar\/[A-Za-z0-9_-]{43}\.ics$/),
      createdAt: '2026-11-26T09:00:00.000Z',
      createdBy: 'Demo admin',
      revokedAt: null,
    });
    const listed = (await t.gql(LIST)).data!.calendarFeeds;
    expect(listed).toContainEqual({
      id: feed.id,
      label: 'Camden procurement',
      gssCode: CAMDEN,
      url: null,
      createdAt: '2026-11-26T09:00:00.000Z',
      revokedAt: null,
    });
  });

  it('serves a borough feed as RFC 5545 text: folded at 75 octets, CRLF line ends, every event all-day with UID and DTSTAMP', async () => {
    const feed = await create(CAMDEN);
    const res = await fetchFeed(feed.url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['content-disposition']).toBe(
      `inline; filename="contract-register-${CAMDEN}.ics"`,
    );
    const text = res.text;
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    // Every line ends in CRLF: no bare LF or CR anywhere.
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);

    const { calendar, events } = parse(text);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendar.getFirstPropertyValue('prodid')).toBe(
      '-//London Contract Register//Contract Register//EN',
    );
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Contract Register: Camden');
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      expect(event.uid).toMatch(/@register\.example$/);
      expect(event.startType).toBe('date');
      expect(event.stamp).toBe('2026-11-26T09:00:00Z');
    }
    expect(
      lines
        .filter((l) => l.startsWith('DTSTART'))
        .every((l) => /^DTSTART;VALUE=DATE:\d{8}$/.test(l)),
    ).toBe(true);
  });

  it("holds each current Camden contract's end, notice deadline and max extent date, and the deadlines of the clusters Camden is in", async () => {
    const feed = await create(CAMDEN);
    const { events } = parse((await fetchFeed(feed.url)).text);
    const expected = await expectedEvents(t, CAMDEN);
    expect(asListed(events)).toEqual(expected);
    // Three contracts; a notice period on one (0 days is none); an extension on one.
    const kinds = expected
      .filter((e) => e.startsWith('system-'))
      .map((e) => e.split(' ')[0].slice(44));
    expect(kinds.sort()).toEqual([
      'contract-end',
      'contract-end',
      'contract-end',
      'max-extent',
      'notice-deadline',
    ]);
    expect(expected.some((e) => e.startsWith('cluster-'))).toBe(true);
  });

  it('holds every borough in an all-borough feed, with every cluster', async () => {
    const feed = await create(null, 'demo-coordinator');
    expect(feed.gssCode).toBeNull();
    const res = await fetchFeed(feed.url);
    expect(res.headers['content-disposition']).toBe(
      'inline; filename="contract-register-all-boroughs.ics"',
    );
    const { calendar, events } = parse(res.text);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Contract Register: every borough');
    expect(asListed(events)).toEqual(await expectedEvents(t, null));
    // Demo data has ten contracts in each of 33 boroughs; these tests gave Camden three.
    expect(events.filter((e) => e.uid.includes('-contract-end@')).length).toBe(32 * 10 + 3);
  });

  it('writes summaries read at a glance and descriptions with supplier, product, dates and the console link, escaping commas, semicolons, backslashes and newlines', async () => {
    const feed = await create(CAMDEN);
    const text = (await fetchFeed(feed.url)).text;
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain(
      'SUMMARY:Camden: notice deadline\\, Rents\\, arrears\\; and\\nvoids \\\\ café (NEC Software Solutions UK Ltd)\r\n',
    );
    const { events } = parse(text);
    const id = (
      (await t.gql(SYSTEMS, { f: { boroughGssCodes: [CAMDEN] } })).data!.systems as {
        id: string;
        name: string;
      }[]
    ).find((s) => s.name.startsWith('Rents'))!.id;
    const notice = events.find((e) => e.uid === `system-${id}-notice-deadline@register.example`)!;
    expect(notice.start).toBe('2027-04-01');
    expect(notice.summary).toBe(
      'Camden: notice deadline, Rents, arrears; and\nvoids \\ café (NEC Software Solutions UK Ltd)',
    );
    expect(notice.description).toBe(
      [
        'London Borough of Camden: Rents, arrears; and\nvoids \\ café (Housing Management)',
        'Supplier: NEC Software Solutions UK Ltd',
        'Product: NEC Housing',
        'Contract end: 30 June 2027 (2027-06-30)',
        "Notice deadline: 1 April 2027 (2027-04-01), 90 days' notice",
        'Extension options reach: 30 June 2029 (2029-06-30)',
        'Contract reference: CMD-HO',
        `In the register: https://register.example/boroughs/${CAMDEN}#system-${id}`,
      ].join('\n'),
    );
    const end = events.find((e) => e.uid === `system-${id}-contract-end@register.example`)!;
    expect(end.summary).toBe(
      'Camden: contract end, Rents, arrears; and\nvoids \\ café (NEC Software Solutions UK Ltd)',
    );
    const extent = events.find((e) => e.uid === `system-${id}-max-extent@register.example`)!;
    expect(extent.start).toBe('2029-06-30');
  });

  it('keeps every UID across two fetches and across a reordered resubmission of the list', async () => {
    const feed = await create(CAMDEN);
    const first = asListed(parse((await fetchFeed(feed.url)).text).events);
    const second = asListed(parse((await fetchFeed(feed.url)).text).events);
    expect(second).toEqual(first);

    const reordered = camdenList
      .map((system, i) => ({ ...system, rank: camdenList.length - i }))
      .reverse();
    const resubmitted = await t.gql(SUBMIT, { gssCode: CAMDEN, systems: reordered });
    expect(resubmitted.errors).toBeUndefined();
    const third = asListed(parse((await fetchFeed(feed.url)).text).events);
    expect(third).toEqual(first);
  });

  it('answers 404, the same for each, to a revoked token, an unknown token and an API key', async () => {
    const feed = await create(CAMDEN);
    expect((await t.gql(REVOKE, { id: feed.id })).data).toEqual({ revokeCalendarFeed: true });
    const revoked = await fetchFeed(feed.url);
    const unknown = await t.http().get(`/calendar/${'A'.repeat(43)}.ics`);
    const apiKey = await t.http().get('/calendar/demo-admin.ics');
    const noExtension = await t.http().get(path(feed.url).replace(/\.ics$/, ''));
    for (const res of [revoked, unknown, apiKey, noExtension]) {
      expect(res.status).toBe(404);
      expect(res.text).toBe('No such calendar feed.');
    }
    const listed = (await t.gql(LIST)).data!.calendarFeeds as { id: string; revokedAt: string }[];
    expect(listed.find((f) => f.id === feed.id)!.revokedAt).toBe('2026-11-26T09:00:00.000Z');
    // Revoking again changes nothing and still answers true.
    expect((await t.gql(REVOKE, { id: feed.id })).data).toEqual({ revokeCalendarFeed: true });
  });

  it('refuses a feed token as a key on /graphql (UNAUTHENTICATED)', async () => {
    const feed = await create(CAMDEN);
    const token = path(feed.url).replace(/^\/calendar\/|\.ics$/g, '');
    expect(codes(await t.gql(`{ boroughs { gssCode } }`, {}, token))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an unknown gssCode and a label over 200 characters, naming each, and creates nothing', async () => {
    const before = (await t.gql(LIST)).data!.calendarFeeds.length;
    const unknown = await t.gql(CREATE, { gssCode: 'E09000099' });
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(fieldPaths(unknown)).toEqual(['gssCode']);
    const long = await t.gql(CREATE, { gssCode: CAMDEN, label: 'x'.repeat(201) });
    expect(codes(long)).toEqual(['BAD_USER_INPUT']);
    expect(fieldPaths(long)).toEqual(['label']);
    expect((await t.gql(LIST)).data!.calendarFeeds.length).toBe(before);
  });

  it('gives a feed a default label naming its scope', async () => {
    expect((await create(HACKNEY)).label).toBe('Calendar of Hackney');
    expect((await create(null)).label).toBe('Calendar of every borough');
  });

  describe('roles (DESIGN §6: calendar feeds — admin and coordinator any, a borough lead its own)', () => {
    it.each([
      ['demo-admin', CAMDEN, 'ok'],
      ['demo-admin', null, 'ok'],
      ['demo-coordinator', HACKNEY, 'ok'],
      ['demo-coordinator', null, 'ok'],
      ['demo-cmd', CAMDEN, 'ok'],
      ['demo-cmd', HACKNEY, 'FORBIDDEN'],
      ['demo-cmd', null, 'FORBIDDEN'],
      ['demo-hck', CAMDEN, 'FORBIDDEN'],
    ])('%s creating a feed of %s: %s', async (key, gssCode, outcome) => {
      const res = await t.gql(CREATE, { gssCode }, key);
      if (outcome === 'ok') {
        expect(res.errors).toBeUndefined();
        expect(res.data!.createCalendarFeed.gssCode).toBe(gssCode);
      } else {
        expect(codes(res)).toEqual([outcome]);
      }
    });

    it('refuses every calendar operation without a key (UNAUTHENTICATED)', async () => {
      const feed = await create(CAMDEN);
      for (const [query, variables] of [
        [CREATE, { gssCode: CAMDEN }],
        [LIST, {}],
        [REVOKE, { id: feed.id }],
      ] as const) {
        expect(codes(await t.gql(query, variables, null))).toEqual(['UNAUTHENTICATED']);
      }
    });

    it("lists a borough lead only its own borough's feeds, and everyone's for a coordinator", async () => {
      const camden = await create(CAMDEN, 'demo-admin');
      const hackney = await create(HACKNEY, 'demo-admin');
      const all = await create(null, 'demo-admin');
      const ids = async (key: string) =>
        ((await t.gql(LIST, {}, key)).data!.calendarFeeds as { id: string; gssCode: string }[]).map(
          (f) => f.id,
        );
      const lead = await ids('demo-cmd');
      expect(lead).toContain(camden.id);
      expect(lead).not.toContain(hackney.id);
      expect(lead).not.toContain(all.id);
      expect(
        ((await t.gql(LIST, {}, 'demo-cmd')).data!.calendarFeeds as { gssCode: string }[]).every(
          (f) => f.gssCode === CAMDEN,
        ),
      ).toBe(true);
      expect(await ids('demo-coordinator')).toEqual(
        expect.arrayContaining([camden.id, hackney.id, all.id]),
      );
    });

    it.each([
      ['demo-cmd', CAMDEN, 'ok'],
      ['demo-cmd', HACKNEY, 'FORBIDDEN'],
      ['demo-cmd', null, 'FORBIDDEN'],
      ['demo-hck', CAMDEN, 'FORBIDDEN'],
      ['demo-coordinator', null, 'ok'],
      ['demo-admin', HACKNEY, 'ok'],
    ])('%s revoking a feed of %s: %s', async (key, gssCode, outcome) => {
      const feed = await create(gssCode, 'demo-admin');
      const res = await t.gql(REVOKE, { id: feed.id }, key);
      if (outcome === 'ok') {
        expect(res.data).toEqual({ revokeCalendarFeed: true });
        expect((await fetchFeed(feed.url)).status).toBe(404);
      } else {
        expect(codes(res)).toEqual([outcome]);
        expect((await fetchFeed(feed.url)).status).toBe(200);
      }
    });

    it('answers NOT_FOUND for revoking a feed that does not exist', async () => {
      expect(codes(await t.gql(REVOKE, { id: 'no-such-feed' }))).toEqual(['NOT_FOUND']);
    });
  });

  it('records each creation and revocation in the audit trail, with no token', async () => {
    const feed = await create(HACKNEY, 'demo-coordinator', 'Audited');
    await t.gql(REVOKE, { id: feed.id }, 'demo-coordinator');
    const events = (
      await t.gql(
        `query($f: AuditFilter) { auditEvents(filter: $f) { action actorLabel gssCode targetId summary } }`,
        { f: { action: 'calendar.' } },
      )
    ).data!.auditEvents as { action: string; targetId: string; summary: string }[];
    const mine = events.filter((e) => e.targetId === feed.id);
    expect(mine).toEqual([
      {
        action: 'calendar.revoke',
        actorLabel: 'Demo coordinator',
        gssCode: HACKNEY,
        targetId: feed.id,
        summary: JSON.stringify({ before: { label: 'Audited', gssCode: HACKNEY } }),
      },
      {
        action: 'calendar.create',
        actorLabel: 'Demo coordinator',
        gssCode: HACKNEY,
        targetId: feed.id,
        summary: JSON.stringify({ after: { label: 'Audited', gssCode: HACKNEY } }),
      },
    ]);
    const token = path(feed.url).replace(/^\/calendar\/|\.ics$/g, '');
    expect(events.some((e) => e.summary.includes(token))).toBe(false);
  });
});
