import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import request from 'supertest';
import { Role } from '../src/access/role';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { createTestApp, TestApp } from './helpers/test-app';

const CAMDEN = 'E09000007';
const LIST = `query($g: String!) { borough(gssCode: $g) { version systems { id rank name contractReference
  contractStart contractEnd maxExtentDate annualValueGbp totalValueGbp noticePeriodDays hosting notes
  supplier { name } product { name } } } }`;

type Agent = ReturnType<typeof request.agent>;

/** The CSRF token of the first form on a page. */
const tokenOf = (html: string): string => /name="_csrf" value="([^"]+)"/.exec(html)![1];

const decode = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The fields a browser would send from the form posting to `action`, as the page has them. */
function formFields(html: string, action: string): Record<string, string> {
  const form = new RegExp(`<form[^>]*action="${action}"[\\s\\S]*?</form>`).exec(html)![0];
  const attributes = (tag: string) =>
    Object.fromEntries(
      [...tag.matchAll(/([a-zA-Z_][\w.-]*)(?:="([^"]*)")?/g)].map((m) => [
        m[1],
        decode(m[2] ?? ''),
      ]),
    );
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input[^>]*>/g)) {
    const a = attributes(tag.slice(6));
    if (!a.name) continue;
    if (a.type === 'checkbox') {
      if ('checked' in a) fields[a.name] = 'on';
    } else fields[a.name] = a.value ?? '';
  }
  for (const [select, name, options] of form.matchAll(
    /<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g,
  )) {
    void select;
    fields[name] = decode(/<option value="([^"]*)" selected/.exec(options)?.[1] ?? '');
  }
  return fields;
}

describe('the console over HTTP (DESIGN §10)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const browser = (): Agent => request.agent(t.app.getHttpServer());

  async function signedIn(key: string): Promise<Agent> {
    const agent = browser();
    const form = await agent.get('/sign-in');
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: tokenOf(form.text), key, next: '/' });
    expect(res.status).toBe(303);
    return agent;
  }

  it('sends a visitor who is not signed in to sign in, and back to the page asked for', async () => {
    const agent = browser();
    const page = await agent.get('/systems?category=REVS_BENS');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/sign-in?next=%2Fsystems%3Fcategory%3DREVS_BENS');
    const form = await agent.get(page.headers.location);
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({
        _csrf: tokenOf(form.text),
        key: 'demo-coordinator',
        next: '/systems?category=REVS_BENS',
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/systems?category=REVS_BENS');
    expect((await agent.get('/systems?category=REVS_BENS')).status).toBe(200);
  });

  it('sets a signed HttpOnly SameSite=Lax session cookie for eight hours, not Secure on http', async () => {
    const agent = browser();
    const form = await agent.get('/sign-in');
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: tokenOf(form.text), key: 'demo-admin' });
    const cookie = (res.headers['set-cookie'] as unknown as string[]).find((c) =>
      c.startsWith('register_session='),
    )!;
    expect(cookie).toMatch(/^register_session=[^.;]+\.[^;]+;/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    const expires = Date.parse(/; Expires=([^;]+)/.exec(cookie)![1]);
    expect(Math.abs(expires - Date.now() - 8 * 3_600_000)).toBeLessThan(60_000);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('refuses a wrong key with 401 and the form again, and makes no session', async () => {
    const agent = browser();
    const form = await agent.get('/sign-in');
    const res = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: tokenOf(form.text), key: 'crk_not-a-key' });
    expect(res.status).toBe(401);
    expect(res.text).toContain('This API key is not valid');
    expect(res.headers['set-cookie'] ?? []).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^register_session=/)]),
    );
    expect((await agent.get('/')).status).toBe(303);
  });

  it('refuses a form without its CSRF token with 403, changing nothing', async () => {
    const agent = browser();
    await agent.get('/sign-in');
    const res = await agent.post('/sign-in').type('form').send({ key: 'demo-admin' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('This form has expired');
    expect((await agent.get('/')).status).toBe(303);

    const lead = await signedIn('demo-cmd');
    const before = await t.gql(`{ borough(gssCode: "${CAMDEN}") { version } }`);
    const upload = await lead
      .post(`/boroughs/${CAMDEN}/import`)
      .type('form')
      .send({ csv: 'rank,name\n', expectedVersion: '1' });
    expect(upload.status).toBe(403);
    expect(await t.gql(`{ borough(gssCode: "${CAMDEN}") { version } }`)).toEqual(before);
  });

  it('ends the session at sign-out: the same cookie no longer signs anyone in', async () => {
    const agent = await signedIn('demo-coordinator');
    const page = await agent.get('/');
    expect(page.status).toBe(200);
    const out = await agent
      .post('/sign-out')
      .type('form')
      .send({ _csrf: tokenOf(page.text) });
    expect(out.status).toBe(303);
    expect((await agent.get('/')).status).toBe(303);
  });

  it('ends every session of a key when the key is revoked', async () => {
    const keys = t.app.get(ApiKeysService);
    const { key, secret } = await keys.create({ role: Role.COORDINATOR, label: 'Temporary' });
    const agent = await signedIn(secret);
    expect((await agent.get('/clusters')).status).toBe(200);
    await keys.revoke(key.id);
    expect((await agent.get('/clusters')).status).toBe(303);
    expect((await agent.get('/exports/systems.csv')).status).toBe(401);
  });

  it('shows every page to a signed-in reader', async () => {
    const agent = await signedIn('demo-coordinator');
    const clusters = await agent.get('/clusters');
    expect(clusters.status).toBe(200);
    const clusterLink = /href="(\/clusters\/cl_[^"]+)"/.exec(clusters.text)![1];
    expect(clusters.text).toContain('<svg');
    const systems = await agent.get('/systems');
    expect(systems.status).toBe(200);
    const supplier = /href="(\/suppliers\/[^"#]+)"/.exec(systems.text)![1];
    const product = /href="(\/products\/[^"#]+)"/.exec(systems.text)![1];
    for (const path of ['/', clusterLink, `/boroughs/${CAMDEN}`, supplier, product]) {
      const res = await agent.get(decode(path));
      expect([path, res.status]).toEqual([path, 200]);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toBe('private, no-store');
      expect(res.headers['content-security-policy']).toContain("script-src 'self';");
    }
    expect((await agent.get('/boroughs/E09999999')).status).toBe(404);
    expect((await agent.get('/suppliers/nope')).status).toBe(404);
  });

  it('names the bad filter on the page with 400', async () => {
    const agent = await signedIn('demo-coordinator');
    const res = await agent.get('/systems?endingFrom=2027-01-01&endingTo=2026-01-01');
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/<strong>endingTo<\/strong> must be on or after/);
    const clusters = await agent.get('/clusters?horizonMonths=99');
    expect(clusters.status).toBe(400);
    expect(clusters.text).toContain(
      '<strong>horizonMonths</strong> must be a whole number from 1 to 60',
    );
  });

  it('sorts the systems by borough or supplier, a page at a time, and names a bad sort', async () => {
    const agent = await signedIn('demo-coordinator');
    const column = (html: string, kind: 'boroughs' | 'suppliers') =>
      [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].flatMap(([, row]) => {
        const cell = new RegExp(`<a href="/${kind}/[^"]+">([^<]+)</a>`).exec(row);
        return cell ? [decode(cell[1])] : [];
      });
    for (const [sort, kind] of [
      ['borough', 'boroughs'],
      ['supplier', 'suppliers'],
    ] as const) {
      const first = await agent.get(`/systems?sort=${sort}`);
      expect(first.status).toBe(200);
      expect(first.text).toContain(`href="/systems?sort=${sort}&amp;page=2"`);
      expect(first.text).toMatch(new RegExp(`aria-current="true">${sort}</a>`, 'i'));
      const second = await agent.get(`/systems?sort=${sort}&page=2`);
      const names = [...column(first.text, kind), ...column(second.text, kind)];
      expect(names).toHaveLength(100);
      expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      const ids = (html: string) => [...html.matchAll(/#system-([\w-]+)"/g)].map((m) => m[1]);
      const onBoth = ids(first.text).filter((id) => ids(second.text).includes(id));
      expect(onBoth).toEqual([]);
    }
    const bad = await agent.get('/systems?sort=price');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<strong>sort</strong> must be one of end, borough, supplier');
  });

  it("downloads an opportunity's dates as a calendar a calendar parser reads", async () => {
    const agent = await signedIn('demo-coordinator');
    const clusters = await agent.get('/clusters');
    const page = await agent.get(decode(/href="(\/clusters\/cl_[^"]+)"/.exec(clusters.text)![1]));
    const link = decode(/href="(\/clusters\/[^"]+\/calendar\.ics[^"]*)"/.exec(page.text)![1]);
    const id = decodeURIComponent(/^\/clusters\/([^/]+)\//.exec(link)![1]);
    const members = page.text.match(/href="\/boroughs\/E\d{8}#system-/g)!.length;
    expect(members).toBeGreaterThan(1);

    const res = await agent.get(link);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="contract-register-[a-z0-9-]+\.ics"$/,
    );
    const calendar = new ICAL.Component(ICAL.parse(res.text));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const uids = events.map((e) => e.uid);
    // The feeds' UIDs: importing the file beside a subscribed feed updates the same events.
    expect(uids).toEqual(
      expect.arrayContaining([
        `cluster-${id}-action-by@localhost`,
        `cluster-${id}-last-chance@localhost`,
      ]),
    );
    expect(uids.filter((u) => /-contract-end@localhost$/.test(u))).toHaveLength(members);
    expect(new Set(uids).size).toBe(uids.length);
    for (const event of events) expect(event.startDate.isDate).toBe(true);

    expect((await agent.get('/clusters/cl_nope/calendar.ics')).status).toBe(404);
    const stranger = await browser().get(link);
    expect(stranger.status).toBe(303);
    expect(stranger.headers.location).toMatch(/^\/sign-in\?next=/);
  });

  it('downloads with the session cookie what a key would download', async () => {
    const agent = await signedIn('demo-cmd');
    const own = await agent.get(`/exports/${CAMDEN}/systems.csv`);
    expect(own.status).toBe(200);
    expect(own.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect((await agent.get('/exports/E09000012/systems.csv')).status).toBe(403);
  });

  it("previews an upload without saving it, then saves it on confirm; another borough's lead is refused", async () => {
    const agent = await signedIn('demo-cmd');
    const csv = (await agent.get(`/exports/${CAMDEN}/systems.csv`)).text.replace(/^\uFEFF/, '');
    // Row 1's first date moves: the same entry, updated.
    const changed = csv.replace(/^(1,.*?)\d{4}-\d\d-\d\d/m, '$12020-01-01');
    expect(changed).not.toBe(csv);
    const page = await agent.get(`/boroughs/${CAMDEN}`);
    const version = Number(/name="expectedVersion" value="(\d+)"/.exec(page.text)![1]);
    const preview = await agent
      .post(`/boroughs/${CAMDEN}/upload`)
      .field('_csrf', tokenOf(page.text))
      .field('expectedVersion', String(version))
      .attach('file', Buffer.from(changed), { filename: 'camden.csv', contentType: 'text/csv' });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain(
      'Nothing is saved yet. The file would create 0, update 1, leave 9 unchanged and retire 0 systems.',
    );
    expect((await t.gql(`{ borough(gssCode: "${CAMDEN}") { version } }`)).data).toEqual({
      borough: { version },
    });

    const confirm = /action="\/boroughs\/E09000007\/import"[\s\S]*?<\/form>/.exec(preview.text)![0];
    const fields = Object.fromEntries(
      [...confirm.matchAll(/name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], decode(m[2])]),
    );
    const saved = await agent.post(`/boroughs/${CAMDEN}/import`).type('form').send(fields);
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe(`/boroughs/${CAMDEN}?saved=${version + 1}`);
    const after = await agent.get(saved.headers.location);
    expect(after.text).toContain(`Saved as version ${version + 1}.`);
    expect(after.text).toMatch(
      /<span class="tag updated">changed<\/span> 1\. ERP \(finance, HR, payroll\): contract(Start|End)/,
    );

    // The same confirmation again is stale: nothing is saved twice.
    const again = await agent.post(`/boroughs/${CAMDEN}/import`).type('form').send(fields);
    expect(again.status).toBe(409);

    const other = await signedIn('demo-hck');
    const camden = await other.get(`/boroughs/${CAMDEN}`);
    expect(camden.text).not.toContain('/upload');
    const refused = await other
      .post(`/boroughs/${CAMDEN}/upload`)
      .field('_csrf', tokenOf(camden.text))
      .attach('file', Buffer.from(changed), { filename: 'camden.csv', contentType: 'text/csv' });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain(
      'may only import, propose or confirm a list for its own borough',
    );
  });

  it('shows the bad cells of an upload by row and column, saving nothing', async () => {
    const agent = await signedIn('demo-cmd');
    const page = await agent.get(`/boroughs/${CAMDEN}`);
    const res = await agent
      .post(`/boroughs/${CAMDEN}/upload`)
      .field('_csrf', tokenOf(page.text))
      .attach(
        'file',
        Buffer.from(
          'rank,name,category,supplier,contract_end\n1,Revenues,REVS_BENS,Civica,31/02/2027\n',
        ),
        { filename: 'bad.csv', contentType: 'text/csv' },
      );
    expect(res.status).toBe(400);
    expect(res.text).toContain('<strong>csv.2.contract_end</strong>');
  });

  it('proposes entries from an OCDS notices file, and saves the ticked ones through the same preview as a CSV', async () => {
    const agent = await signedIn('demo-cmd');
    const page = await agent.get(`/boroughs/${CAMDEN}`);
    expect(page.text).toContain(`href="/exports/${CAMDEN}/ocds.json"`);
    const before = (await t.gql(LIST, { g: CAMDEN })).data!.borough;
    const notices = readFileSync(join(__dirname, 'fixtures/ocds/find-a-tender-camden.json'));
    const proposals = await agent
      .post(`/boroughs/${CAMDEN}/notices`)
      .field('_csrf', tokenOf(page.text))
      .attach('file', notices, { filename: 'notices.json', contentType: 'application/json' });
    expect(proposals.status).toBe(200);
    expect(decode(proposals.text)).toContain(
      "The file holds 6 contracting processes: 2 proposed; left out 1 another buyer's, 1 not IT, 1 works, 1 cancelled or ended. Nothing is saved yet.",
    );
    expect(proposals.text).toContain('Missing: the notice gives no end date');
    expect(decode(proposals.text)).toContain(
      'Perhaps 7. Revs & Bens on the list (the same supplier and category). To replace that entry with this one, untick it and tick this',
    );
    const action = `/boroughs/${CAMDEN}/proposals`;
    const fields = formFields(proposals.text, action);
    expect(fields).toMatchObject({
      'p0.name': 'Revenues and Benefits System',
      'p0.categoryCode': 'revenues-benefits',
      'p0.contractEnd': '2027-03-31',
      'p0.maxExtentDate': '2029-03-31',
      'p0.annualValueGbp': '500000',
      'p1.name': 'Managed hosting service',
      'p1.contractEnd': '',
    });
    // Untick entry 7 (the proposal's lookalike) and the last, tick both proposals: the hosting
    // one lacks its end.
    const seventh = before.systems[6];
    const tenth = before.systems[9];
    expect(seventh).toMatchObject({
      name: 'Revs & Bens',
      product: { name: expect.any(String) },
      hosting: expect.stringMatching(/^(?!UNKNOWN)/),
    });
    const chosen: Record<string, string> = { ...fields, 'p0.pick': 'on', 'p1.pick': 'on' };
    delete chosen[`keep.${seventh.id}`];
    delete chosen[`keep.${tenth.id}`];
    const refused = await agent.post(action).type('form').send(chosen);
    expect(refused.status).toBe(400);
    expect(decode(refused.text)).toContain(
      '<strong>Managed hosting service: contract_end</strong>',
    );
    expect(formFields(refused.text, action)).toMatchObject({ 'p1.pick': 'on', 'p0.pick': 'on' });

    const preview = await agent
      .post(action)
      .type('form')
      .send({ ...chosen, 'p1.contractEnd': '2028-12-31' });
    expect(preview.status).toBe(200);
    // Entries 8 and 9 move up to 7 and 8: updated (their rank), the rest unchanged.
    expect(preview.text).toContain(
      'Nothing is saved yet. The file would create 2, update 2, leave 6 unchanged and retire 2 systems.',
    );
    expect((await t.gql(LIST, { g: CAMDEN })).data!.borough).toEqual(before);
    const saved = await agent
      .post(`/boroughs/${CAMDEN}/import`)
      .type('form')
      .send(formFields(preview.text, `/boroughs/${CAMDEN}/import`));
    expect(saved.status).toBe(303);
    const after = (await t.gql(LIST, { g: CAMDEN })).data!.borough;
    expect(after.version).toBe(before.version + 1);
    expect(after.systems.slice(-2)).toEqual([
      expect.objectContaining({
        rank: 9,
        name: 'Revenues and Benefits System',
        contractReference: 'ocds-h6vhtk-03a7c1',
        contractStart: '2022-04-01',
        contractEnd: '2027-03-31',
        maxExtentDate: '2029-03-31',
        annualValueGbp: 500000,
        totalValueGbp: 2500000,
        // The notice's "Limited" is the register's "Ltd": the same supplier, by its number.
        supplier: { name: 'NEC Software Solutions UK Ltd' },
        // What the notice does not say is kept from the entry it replaces.
        product: seventh.product,
        noticePeriodDays: seventh.noticePeriodDays,
        hosting: seventh.hosting,
        notes: seventh.notes,
      }),
      expect.objectContaining({
        rank: 10,
        name: 'Managed hosting service',
        contractReference: 'ocds-h6vhtk-03d077',
        contractEnd: '2028-12-31',
      }),
    ]);
  });

  it('keeps the choices on the page when the list changed since the notices were read', async () => {
    const agent = await signedIn('demo-cmd');
    const page = await agent.get(`/boroughs/${CAMDEN}`);
    const proposals = await agent
      .post(`/boroughs/${CAMDEN}/notices`)
      .field('_csrf', tokenOf(page.text))
      .attach('file', readFileSync(join(__dirname, 'fixtures/ocds/record-package-camden.json')), {
        filename: 'records.json',
        contentType: 'application/json',
      });
    const action = `/boroughs/${CAMDEN}/proposals`;
    const fields = formFields(proposals.text, action);
    const version = Number(fields.expectedVersion);
    const stale: Record<string, string> = {
      ...fields,
      expectedVersion: String(version - 1),
      'p0.pick': 'on',
    };
    delete stale[Object.keys(stale).find((k) => k.startsWith('keep.'))!];
    const res = await agent.post(action).type('form').send(stale);
    expect(res.status).toBe(409);
    expect(res.text).toContain(
      `changed since you read the notices (it is now version ${version}): check your choices against it and send them again`,
    );
    expect(formFields(res.text, action)).toMatchObject({
      expectedVersion: String(version),
      'p0.pick': 'on',
      'p0.name': 'Electoral registration software',
    });
    expect((await t.gql(LIST, { g: CAMDEN })).data!.borough.version).toBe(version);
  });

  it('reads a notices file of several MB, as a year of notices is', async () => {
    const agent = await signedIn('demo-cmd');
    const page = await agent.get(`/boroughs/${CAMDEN}`);
    const notices = JSON.parse(
      readFileSync(join(__dirname, 'fixtures/ocds/find-a-tender-camden.json'), 'utf8'),
    );
    notices.releases[0].description = 'x'.repeat(3 * 2 ** 20);
    const res = await agent
      .post(`/boroughs/${CAMDEN}/notices`)
      .field('_csrf', tokenOf(page.text))
      .attach('file', Buffer.from(JSON.stringify(notices)), {
        filename: 'notices.json',
        contentType: 'application/json',
      });
    expect(res.status).toBe(200);
    expect(decode(res.text)).toContain('The file holds 6 contracting processes: 2 proposed');
  });

  it('reads no upload from a visitor who is not signed in: sign in first', async () => {
    const res = await browser()
      .post(`/boroughs/${CAMDEN}/notices`)
      .attach('file', Buffer.alloc(5 * 2 ** 20, 'x'), {
        filename: 'big.json',
        contentType: 'application/json',
      });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(
      `/sign-in?next=${encodeURIComponent(`/boroughs/${CAMDEN}/notices`)}`,
    );
  });

  it('names what is wrong with a notices file on the borough page, saving nothing', async () => {
    const agent = await signedIn('demo-cmd');
    const page = await agent.get(`/boroughs/${CAMDEN}`);
    const res = await agent
      .post(`/boroughs/${CAMDEN}/notices`)
      .field('_csrf', tokenOf(page.text))
      .attach('file', Buffer.from('{"name": "not OCDS"}'), {
        filename: 'x.json',
        contentType: 'application/json',
      });
    expect(res.status).toBe(400);
    expect(decode(res.text)).toContain(
      '<strong>file</strong> is not OCDS: expected a release package',
    );
  });

  it('shows how fresh a list is, confirms it unchanged without a version, and records decisions through the preview', async () => {
    const FRESH = `query($g: String!) { borough(gssCode: $g) { version lastConfirmedAt stale
      systems { id rank renewalDecision decisionNote } } }`;
    const before = (await t.gql(FRESH, { g: CAMDEN })).data!.borough;
    const start = t.clock.now();
    // 130 days on, the list is stale; the session is made on that day.
    t.clock.set(new Date(start.getTime() + 130 * 86_400_000));
    try {
      const agent = await signedIn('demo-cmd');
      const page = await agent.get(`/boroughs/${CAMDEN}`);
      expect(page.text).toContain('<span class="tag late">stale</span>');
      const confirmed = await agent
        .post(`/boroughs/${CAMDEN}/confirm`)
        .type('form')
        .send(formFields(page.text, `/boroughs/${CAMDEN}/confirm`));
      expect(confirmed.status).toBe(303);
      expect(confirmed.headers.location).toBe(`/boroughs/${CAMDEN}?confirmed=1`);
      const after = await agent.get(confirmed.headers.location);
      expect(after.text).toContain('Confirmed: the list is still right.');
      expect(after.text).toContain('<span class="tag created">current</span>');
      expect((await t.gql(FRESH, { g: CAMDEN })).data!.borough).toMatchObject({
        version: before.version,
        lastConfirmedAt: t.clock.now().toISOString(),
        stale: false,
      });

      const action = `/boroughs/${CAMDEN}/decisions`;
      const [first] = before.systems;
      const fields = {
        ...formFields(after.text, action),
        [`decision.${first.id}`]: 'DECOMMISSION',
        [`note.${first.id}`]: 'Moving to the shared service',
      };
      const preview = await agent.post(action).type('form').send(fields);
      expect(preview.status).toBe(200);
      expect(preview.text).toContain(
        `The file would create 0, update 1, leave ${before.systems.length - 1} unchanged and retire 0 systems.`,
      );
      expect(preview.text).toContain('renewal_decision, decision_note');
      const saved = await agent
        .post(`/boroughs/${CAMDEN}/import`)
        .type('form')
        .send(formFields(preview.text, `/boroughs/${CAMDEN}/import`));
      expect(saved.status).toBe(303);
      const list = (await t.gql(FRESH, { g: CAMDEN })).data!.borough;
      expect(list.version).toBe(before.version + 1);
      expect(list.systems[0]).toMatchObject({
        renewalDecision: 'DECOMMISSION',
        decisionNote: 'Moving to the shared service',
      });
      expect(list.systems.slice(1)).toEqual(before.systems.slice(1));

      const refused = await agent
        .post(action)
        .type('form')
        .send({ ...fields, [`decision.${first.id}`]: 'PERHAPS' });
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('renewal_decision</strong> must be one of UNDECIDED');
    } finally {
      t.clock.set(start);
    }
  });

  it('filters /systems by renewal decision and by stale or fresh lists, and downloads what it shows', async () => {
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 130 * 86_400_000));
    try {
      const agent = await signedIn('demo-coordinator');
      const rows = (html: string) =>
        [...html.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
          .map(([, row]) => [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]))
          .filter((cells) => cells.length > 0);
      const boroughOf = (cells: string[]) => decode(cells[0].replace(/<[^>]+>/g, ''));
      const decisionOf = (cells: string[]) => cells[cells.length - 1];

      const stale = await agent.get('/systems?staleList=true&decision=UNDECIDED');
      expect(stale.status).toBe(200);
      expect(stale.text).toContain('<option value="true" selected>Stale lists only</option>');
      expect(stale.text).toMatch(/<option value="UNDECIDED" selected>Undecided<\/option>/);
      expect(rows(stale.text)).toHaveLength(50);
      expect(rows(stale.text).every((cells) => decisionOf(cells) === 'Undecided')).toBe(true);
      expect(stale.text).toContain(
        'href="/exports/systems.csv?staleList=true&amp;decision=UNDECIDED"',
      );
      expect(stale.text).toContain(
        'href="/systems?staleList=true&amp;decision=UNDECIDED&amp;page=2"',
      );

      const lead = await signedIn('demo-cmd');
      const page = await lead.get(`/boroughs/${CAMDEN}`);
      const confirmed = await lead
        .post(`/boroughs/${CAMDEN}/confirm`)
        .type('form')
        .send(formFields(page.text, `/boroughs/${CAMDEN}/confirm`));
      expect(confirmed.status).toBe(303);
      const fresh = await agent.get('/systems?staleList=false');
      const camden = (await t.gql(`{ borough(gssCode: "${CAMDEN}") { shortName systems { id } } }`))
        .data!.borough;
      expect(rows(fresh.text).map(boroughOf)).toEqual(camden.systems.map(() => camden.shortName));
      // The boroughs page shows every list's freshness: Camden's is the only one confirmed since.
      const home = await agent.get('/');
      const tags = [
        ...home.text.matchAll(
          /<tr><td><a href="\/boroughs\/(\w+)">[\s\S]*?<span class="tag (\w+)">/g,
        ),
      ];
      expect(tags).toHaveLength(33);
      expect(tags.filter(([, , tag]) => tag === 'created').map(([, gss]) => gss)).toEqual([CAMDEN]);
      expect(home.text).toContain('href="/systems?decision=UNDECIDED&amp;staleList=true"');
      const csv = await agent.get('/exports/systems.csv?staleList=false');
      expect(csv.text.trim().split('\n')).toHaveLength(1 + camden.systems.length);

      const bad = await agent.get('/systems?staleList=maybe&decision=later');
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('<strong>staleList</strong> must be true or false');
      expect(bad.text).toContain('<strong>decision</strong> must be one of UNDECIDED');
    } finally {
      t.clock.set(start);
    }
  });

  it("greys decided members in the opportunities' timelines, naming each decision", async () => {
    const agent = await signedIn('demo-coordinator');
    const page = await agent.get('/clusters');
    expect(page.status).toBe(200);
    // The demo has decided some contracts ending within the year.
    const decided = [...page.text.matchAll(/>(Reprocure|Renew|Extend) · ([^<]+)<\/text>/g)];
    expect(decided.length).toBeGreaterThan(0);
    expect(page.text).toContain('fill="#6f777b"');
    expect(page.text).toMatch(/aria-label="Timeline of [^"]+, \d+ of them decided \(drawn grey\)/);
  });
});
