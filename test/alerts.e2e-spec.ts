import { ParsedMail } from 'mailparser';
import { DigestSources } from '../src/alerts/digest-sources';
import { OutboxSender } from '../src/alerts/outbox-sender.service';
import { OutboxRepository } from '../src/alerts/outbox.repository';
import { UnsubscribeLinks } from '../src/alerts/unsubscribe-links';
import { CAMDEN, CURRENT, entry, SUBMIT } from './helpers/lists';
import { TestSmtpServer } from './helpers/smtp';
import { codes, createTestApp, onPostgres, TestApp } from './helpers/test-app';

const CREATE = `mutation($input: AlertSubscriptionInput!) {
  createAlertSubscription(input: $input) { id email gssCode leadDays categoryCodes active } }`;
const RUN = `mutation($asOf: Date, $dryRun: Boolean) {
  runAlerts(asOf: $asOf, dryRun: $dryRun) { asOf dryRun emailsQueued itemsQueued emailsSent emailsFailed } }`;
const OUTBOX = `query($status: OutboxStatus) { alertOutbox(status: $status) { id to subject status attempts lastError sentAt messageId } }`;

const HACKNEY = 'E09000012';

/** A header as sent, unfolded: mailparser rewrites List-* headers into its own shape. */
const header = (mail: ParsedMail, name: string): string | undefined => {
  const line = mail.headerLines.find((h) => h.key === name)?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, ' ')
    .trim();
};
const ISLINGTON = 'E09000019';

/**
 * Camden's list for these tests: key dates 20, 100 and 36 days after 26 November 2026. Each has a
 * decision recorded, so these tests see the milestone alerts alone; the follow-ups DESIGN §11
 * adds for undecided contracts and stale lists have their own suite (test/follow-ups).
 */
const decided = { renewalDecision: 'REPROCURE' };
const camdenList = [
  entry(1, {
    name: 'Electoral register',
    categoryCode: 'electoral-registration',
    supplierName: 'Idox Software Ltd',
    productName: 'Xpress',
    contractReference: 'CMD-EL',
    ...decided,
    contractEnd: '2026-12-16',
    maxExtentDate: '2027-12-16',
  }),
  entry(2, {
    name: 'Housing',
    categoryCode: 'housing-management',
    supplierName: 'MRI Software Ltd',
    productName: 'Open Housing',
    contractReference: 'CMD-HO',
    ...decided,
    contractEnd: '2027-03-06',
  }),
  entry(3, {
    name: 'ERP',
    categoryCode: 'erp',
    supplierName: 'SAP UK Ltd',
    contractReference: 'CMD-ERP',
    ...decided,
    contractEnd: '2027-06-30',
    noticePeriodDays: 180,
  }),
  entry(4, {
    name: 'CRM',
    categoryCode: 'crm',
    supplierName: 'Netcall Systems Ltd',
    contractReference: 'CMD-CRM',
    ...decided,
    contractEnd: '2028-06-30',
  }),
];

describe('Renewal alerts by email (e2e)', () => {
  const smtp = new TestSmtpServer();
  let t: TestApp;
  let camdenSubscription: string;

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://register.example.org',
      MAIL_FROM: 'alerts@register.example.org',
    });
    expect(
      (await t.gql(SUBMIT, { gssCode: CAMDEN, systems: camdenList }, 'demo-cmd')).errors,
    ).toBeUndefined();
    await t.gql(SUBMIT, {
      gssCode: ISLINGTON,
      systems: [
        entry(1, {
          name: 'Elections',
          categoryCode: 'electoral-registration',
          supplierName: 'Idox Software Ltd',
          contractEnd: '2026-12-20',
          ...decided,
        }),
      ],
    });
    const created = await t.gql(
      CREATE,
      { input: { email: 'camden.it@camden.gov.uk', gssCode: CAMDEN } },
      'demo-cmd',
    );
    expect(created.errors).toBeUndefined();
    camdenSubscription = created.data!.createAlertSubscription.id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const day = (date: string) => t.clock.set(new Date(`${date}T07:00:00Z`));
  const run = async (asOf?: string, dryRun?: boolean) => {
    const res = await t.gql(RUN, { asOf, dryRun });
    expect(res.errors).toBeUndefined();
    return res.data!.runAlerts;
  };
  const to = (address: string) =>
    smtp.received.filter((m) => m.to && 'text' in m.to && m.to.text === address);
  const camdenMail = () => to('camden.it@camden.gov.uk');

  it('creates a subscription with the default lead days', async () => {
    const list = await t.gql(
      `{ alertSubscriptions { id email gssCode leadDays categoryCodes active } }`,
      {},
      'demo-cmd',
    );
    expect(list.data!.alertSubscriptions).toEqual([
      {
        id: camdenSubscription,
        email: 'camden.it@camden.gov.uk',
        gssCode: CAMDEN,
        leadDays: [365, 180, 90, 30],
        categoryCodes: null,
        active: true,
      },
    ]);
  });

  it('sends one digest with every due contract, grouped by borough, as text and HTML', async () => {
    day('2026-11-26');
    expect(await run('2026-11-26')).toEqual({
      asOf: '2026-11-26',
      dryRun: false,
      emailsQueued: 1,
      itemsQueued: 3,
      emailsSent: 1,
      emailsFailed: 0,
    });
    expect(camdenMail()).toHaveLength(1);
    const mail = camdenMail()[0];
    expect(mail.subject).toBe('3 contracts need attention: Camden');
    expect(header(mail, 'from')).toBe('London Contract Register <alerts@register.example.org>');
    expect(header(mail, 'auto-submitted')).toBe('auto-generated');
    expect(header(mail, 'x-auto-response-suppress')).toBe('All');
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@register\.example\.org>$/);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribe = /^<(.+)>$/.exec(header(mail, 'list-unsubscribe')!)![1];
    expect(unsubscribe).toMatch(/^https:\/\/register\.example\.org\/alerts\/unsubscribe\?token=/);
    expect(mail.text).toContain(`Stop these emails: ${unsubscribe}`);
    expect(mail.html).toContain('<h2>Camden</h2>');

    const text = mail.text!;
    expect(text).toContain('== Camden ==');
    expect(text).toContain(
      [
        '* Electoral register (Camden)',
        // "Idox Software Ltd" resolves to the supplier the demo data already knows.
        '  Supplier: Idox Software; product: Xpress',
        '  Ends: 16 December 2026 (2026-12-16), 20 days left',
        '  Extension options reach: 16 December 2027 (2027-12-16)',
      ].join('\n'),
    );
    // Each contract links to its place on its borough's page, which answers.
    const links = [...text.matchAll(/In the register: (\S+)/g)].map((m) => new URL(m[1]));
    const { systems } = (await t.gql(CURRENT, { gssCode: CAMDEN })).data!.borough;
    expect(links.map((l) => `${l.origin}${l.pathname}${l.hash}`).sort()).toEqual(
      systems
        .filter((x: { name: string }) => x.name !== 'CRM')
        .map(
          (x: { id: string }) => `https://register.example.org/boroughs/${CAMDEN}#system-${x.id}`,
        )
        .sort(),
    );
    // Signed out, the link asks the reader to sign in and come back to it.
    const signedOut = await t.http().get(links[0].pathname);
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.location).toBe(
      `/sign-in?next=${encodeURIComponent(links[0].pathname)}`,
    );
    const page = await t.http().get(links[0].pathname).set('authorization', 'Bearer demo-cmd');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>London Borough of Camden</h1>');
    expect(page.text).toContain(`id="${links[0].hash.slice(1)}"`);
    expect(mail.html).toContain(`<a href="${links[0].href}">See it in the register</a>`);
    expect(text).toMatch(/\* Electoral register \(Camden\)\n(?:.*\n){4}/);
    expect(text).toMatch(
      /Renewing at about the same time: [^\n]*Islington[^\n]*\(Electoral Registration, window/,
    );
    expect(text).toContain(
      [
        '* Housing (Camden)',
        '  Supplier: MRI Software Ltd; product: Open Housing',
        '  Ends: 6 March 2027 (2027-03-06), 100 days left',
      ].join('\n'),
    );
    // The notice deadline drives the countdown: 180 days before 30 June 2027.
    expect(text).toContain(
      [
        '* ERP (Camden)',
        '  Supplier: SAP UK Ltd',
        '  Notice deadline: 1 January 2027 (2027-01-01), 36 days left; the contract ends 30 June 2027 (2027-06-30)',
      ].join('\n'),
    );
    expect(text).not.toContain('CRM');
  });

  it('queues and sends nothing more when the day is run again', async () => {
    expect(await run('2026-11-26')).toMatchObject({
      emailsQueued: 0,
      itemsQueued: 0,
      emailsSent: 0,
    });
    expect(camdenMail()).toHaveLength(1);
  });

  it('sends nothing new when the same list is resubmitted in another order', async () => {
    const reordered = [...camdenList].reverse().map((e, i) => ({ ...e, rank: i + 1 }));
    expect(
      (await t.gql(SUBMIT, { gssCode: CAMDEN, systems: reordered }, 'demo-cmd')).errors,
    ).toBeUndefined();
    expect(await run('2026-11-26')).toMatchObject({ emailsQueued: 0, itemsQueued: 0 });
    expect(camdenMail()).toHaveLength(1);
  });

  it('moves each contract to its next milestone on the right day, once', async () => {
    const sentOn: Record<string, string> = {};
    for (
      let d = new Date('2026-11-27T07:00:00Z');
      d <= new Date('2026-12-10T07:00:00Z');
      d = new Date(d.getTime() + 86_400_000)
    ) {
      const date = d.toISOString().slice(0, 10);
      day(date);
      const before = camdenMail().length;
      await run(date);
      if (camdenMail().length > before) sentOn[date] = camdenMail().at(-1)!.subject!;
    }
    // ERP's notice deadline is 30 days away on 2 December; housing is 90 days away on 6 December.
    expect(sentOn).toEqual({
      '2026-12-02': '1 contract needs attention: Camden',
      '2026-12-06': '1 contract needs attention: Camden',
    });
    expect(camdenMail()[1].text).toContain(
      'Notice deadline: 1 January 2027 (2027-01-01), 30 days left',
    );
    expect(camdenMail()[2].text).toContain('Ends: 6 March 2027 (2027-03-06), 90 days left');
  });

  it('starts afresh when an end date changes', async () => {
    const moved = camdenList.map((e) =>
      e.contractReference === 'CMD-HO' ? { ...e, contractEnd: '2027-03-20' } : e,
    );
    expect(
      (await t.gql(SUBMIT, { gssCode: CAMDEN, systems: moved }, 'demo-cmd')).errors,
    ).toBeUndefined();
    expect(await run('2026-12-10')).toMatchObject({
      emailsQueued: 1,
      itemsQueued: 1,
      emailsSent: 1,
    });
    expect(camdenMail().at(-1)!.text).toContain('Ends: 20 March 2027 (2027-03-20), 100 days left');
  });

  it('reports a dry run, even for a later day, and writes and sends nothing', async () => {
    const outboxBefore = (await t.gql(OUTBOX)).data!.alertOutbox.length;
    const mailBefore = smtp.received.length;
    expect(await run('2027-02-10', true)).toEqual({
      asOf: '2027-02-10',
      dryRun: true,
      emailsQueued: 1,
      itemsQueued: 1,
      emailsSent: 0,
      emailsFailed: 0,
    });
    expect((await t.gql(OUTBOX)).data!.alertOutbox).toHaveLength(outboxBefore);
    expect(smtp.received).toHaveLength(mailBefore);
    // The dry run recorded nothing, so the real run on that day still finds the item due.
    const future = await t.gql(RUN, { asOf: '2027-02-10' });
    expect(future.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        { path: 'asOf', message: 'is after today (2026-12-10): only a dry run may look ahead' },
      ],
    });
  });

  it('sends one email per subscription, whatever it covers', async () => {
    const all = await t.gql(
      CREATE,
      {
        input: {
          email: 'elections@loti.example',
          leadDays: [30],
          categoryCodes: ['electoral-registration'],
        },
      },
      'demo-coordinator',
    );
    expect(all.errors).toBeUndefined();
    const result = await run('2026-12-10');
    expect(result.emailsQueued).toBe(1);
    expect(to('elections@loti.example')).toHaveLength(1);
    const mail = to('elections@loti.example')[0];
    expect(mail.text).toContain('== Islington ==');
    expect(mail.text).toContain('* Elections (Islington)');
    expect(mail.subject).toMatch(
      new RegExp(`^${result.itemsQueued} contracts? needs? attention: `),
    );
  });

  it('loses nothing in an SMTP outage, and delivers exactly once after it', async () => {
    await smtp.stop();
    await t.gql(
      CREATE,
      { input: { email: 'hackney.it@hackney.gov.uk', gssCode: HACKNEY } },
      'demo-hck',
    );
    const during = await run('2026-12-10');
    expect(during).toMatchObject({ emailsQueued: 1, emailsSent: 0, emailsFailed: 1 });
    const pending = (await t.gql(OUTBOX, { status: 'PENDING' })).data!.alertOutbox;
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      to: 'hackney.it@hackney.gov.uk',
      attempts: 1,
      sentAt: null,
    });
    expect(pending[0].lastError).toMatch(/ECONNREFUSED/);

    await smtp.start();
    const sender = t.app.get(OutboxSender);
    // The scheduled sender respects the backoff (one minute after the first failure)…
    expect(await sender.sendDue()).toEqual({ sent: 0, failed: 0 });
    t.clock.set(new Date(t.clock.now().getTime() + 61_000));
    expect(await sender.sendDue()).toEqual({ sent: 1, failed: 0 });
    expect(await run('2026-12-10')).toMatchObject({ emailsQueued: 0, emailsSent: 0 });
    expect(to('hackney.it@hackney.gov.uk')).toHaveLength(1);
    expect((await t.gql(OUTBOX, { status: 'PENDING' })).data!.alertOutbox).toEqual([]);
  });

  it('resends an email whose sender died mid-send once its claim lapses, with its Message-ID', async () => {
    day('2026-12-10');
    await smtp.stop();
    await t.gql(CREATE, { input: { email: 'havering.it@havering.gov.uk', gssCode: 'E09000016' } });
    try {
      expect(await run('2026-12-10')).toMatchObject({ emailsQueued: 1, emailsSent: 0 });
    } finally {
      await smtp.start();
    }
    const [queued] = (await t.gql(OUTBOX, { status: 'PENDING' })).data!.alertOutbox;
    expect(queued.to).toBe('havering.it@havering.gov.uk');
    // A sender claims it as OutboxSender does before sending, and its process is killed.
    const claimedAt = t.clock.now();
    const claimed = await t.db.transaction((em) =>
      t.app.get(OutboxRepository).claimNext(em, {
        now: claimedAt,
        ignoreBackoff: true,
        excluding: new Set(),
        token: 'sender-that-died',
        leaseUntil: new Date(claimedAt.getTime() + 5 * 60_000),
      }),
    );
    expect(claimed?.id).toBe(queued.id);

    // A manual run cannot tell a dead sender from a slow one: it leaves the claim alone…
    t.clock.set(new Date(claimedAt.getTime() + 4 * 60_000));
    expect(await run('2026-12-10')).toMatchObject({ emailsQueued: 0, emailsSent: 0 });
    expect(to('havering.it@havering.gov.uk')).toHaveLength(0);
    // …and sends it once the five-minute claim has lapsed, under the Message-ID it was queued with.
    t.clock.set(new Date(claimedAt.getTime() + 5 * 60_000 + 1_000));
    expect(await run('2026-12-10')).toMatchObject({ emailsQueued: 0, emailsSent: 1 });
    const mail = to('havering.it@havering.gov.uk');
    expect(mail.map((m) => m.messageId)).toEqual([`<${queued.messageId}>`]);
  });

  it('fails an email the server rejects permanently, shows it, and sends it once re-queued', async () => {
    smtp.mode = 'reject-permanent';
    await t.gql(
      CREATE,
      { input: { email: 'lambeth.it@lambeth.gov.uk', gssCode: 'E09000022' } },
      'demo-admin',
    );
    expect(await run('2026-12-10')).toMatchObject({
      emailsQueued: 1,
      emailsSent: 0,
      emailsFailed: 1,
    });
    const failed = (await t.gql(OUTBOX, { status: 'FAILED' })).data!.alertOutbox;
    expect(failed).toHaveLength(1);
    expect(failed[0].lastError).toMatch(/550/);

    smtp.mode = 'accept';
    const requeued = await t.gql(
      `mutation($ids: [ID!]!) { requeueAlertEmails(ids: $ids) { id status } }`,
      { ids: [failed[0].id] },
    );
    expect(requeued.data!.requeueAlertEmails).toEqual([{ id: failed[0].id, status: 'PENDING' }]);
    expect(await run('2026-12-10')).toMatchObject({ emailsQueued: 0, emailsSent: 1 });
    expect(to('lambeth.it@lambeth.gov.uk')).toHaveLength(1);
    const again = await t.gql(`mutation($ids: [ID!]!) { requeueAlertEmails(ids: $ids) { id } }`, {
      ids: [failed[0].id, 'nope'],
    });
    expect(again.errors![0].extensions.fieldErrors).toEqual([
      { path: 'ids.0', message: 'is SENT; only FAILED emails can be re-queued' },
      { path: 'ids.1', message: 'no alert email has id nope' },
    ]);
  });

  it('gives up on transient failures after seven days', async () => {
    smtp.mode = 'reject-transient';
    await t.gql(
      CREATE,
      { input: { email: 'brent.it@brent.gov.uk', gssCode: 'E09000005' } },
      'demo-admin',
    );
    expect(await run('2026-12-10')).toMatchObject({ emailsQueued: 1, emailsFailed: 1 });
    const sender = t.app.get(OutboxSender);
    t.clock.set(new Date('2026-12-17T08:00:00Z'));
    await sender.sendDue();
    const failed = (await t.gql(OUTBOX, { status: 'FAILED' })).data!.alertOutbox.filter(
      (e: any) => e.to === 'brent.it@brent.gov.uk',
    );
    expect(failed).toHaveLength(1);
    expect(failed[0].lastError).toMatch(/451/);
    smtp.mode = 'accept';
    day('2026-12-10');
  });

  it('tells a catch-up run’s days left from today, and leaves out deadlines already past', async () => {
    const GREENWICH = 'E09000011';
    await t.gql(SUBMIT, {
      gssCode: GREENWICH,
      systems: [
        entry(1, { name: 'Still ahead', contractEnd: '2026-12-30' }),
        entry(2, { name: 'Already past', contractEnd: '2026-12-08', contractReference: 'GRE-2' }),
      ],
    });
    await t.gql(
      CREATE,
      {
        input: { email: 'greenwich.it@royalgreenwich.gov.uk', gssCode: GREENWICH, leadDays: [30] },
      },
      'demo-admin',
    );
    // Today is 10 December; the run catches up 1 December, when both were within 30 days.
    expect(await run('2026-12-01')).toMatchObject({
      emailsQueued: 1,
      itemsQueued: 1,
      emailsSent: 1,
    });
    const mail = to('greenwich.it@royalgreenwich.gov.uk');
    expect(mail).toHaveLength(1);
    expect(mail[0].text).toContain('* Still ahead (Greenwich)');
    expect(mail[0].text).toContain('Ends: 30 December 2026 (2026-12-30), 20 days left');
    expect(mail[0].text).not.toContain('Already past');
  });

  it('keeps an email waiting, not failed, while the SMTP server refuses our login', async () => {
    await smtp.stop();
    smtp.requireAuth = true;
    await smtp.start();
    try {
      await t.gql(
        CREATE,
        { input: { email: 'bexley.it@bexley.gov.uk', gssCode: 'E09000004' } },
        'demo-admin',
      );
      // Bexley's digest, and any follow-ups (DESIGN §11) other demo boroughs' subscriptions now
      // have: every one refused by the server, none given up.
      const refused = await run('2026-12-10');
      expect(refused.emailsQueued).toBeGreaterThanOrEqual(1);
      expect(refused.emailsFailed).toBe(refused.emailsQueued);
      const waiting = (await t.gql(OUTBOX, { status: 'PENDING' })).data!.alertOutbox;
      // One email per subscription: as many addresses as emails.
      expect(new Set(waiting.map((e: any) => e.to)).size).toBe(refused.emailsQueued);
      expect(waiting).toHaveLength(refused.emailsQueued);
      const pending = waiting.filter((e: any) => e.to === 'bexley.it@bexley.gov.uk');
      expect(pending).toHaveLength(1);
      expect(pending[0].lastError).toMatch(/530/);
    } finally {
      await smtp.stop();
      smtp.requireAuth = false;
      await smtp.start();
    }
    expect((await run('2026-12-10')).emailsSent).toBeGreaterThanOrEqual(1);
    expect(to('bexley.it@bexley.gov.uk')).toHaveLength(1);
    expect((await t.gql(OUTBOX, { status: 'PENDING' })).data!.alertOutbox).toEqual([]);
  });

  it(`sends each pending email once when two senders work at once${onPostgres() ? ' on two instances' : ''}`, async () => {
    const second = onPostgres()
      ? await createTestApp({ SMTP_URL: smtp.url }, { url: t.databaseUrl })
      : t;
    try {
      day('2026-12-10');
      second.clock.set(t.clock.now());
      await smtp.stop();
      for (const [gss, email] of [
        ['E09000013', 'hf.it@lbhf.gov.uk'],
        ['E09000014', 'haringey.it@haringey.gov.uk'],
        ['E09000015', 'harrow.it@harrow.gov.uk'],
      ]) {
        await t.gql(CREATE, { input: { email, gssCode: gss } }, 'demo-admin');
      }
      try {
        expect((await run('2026-12-10')).emailsSent).toBe(0);
      } finally {
        await smtp.start();
      }
      const queued = (await t.gql(OUTBOX, { status: 'PENDING' })).data!.alertOutbox;
      // One digest for each of the three new subscriptions, and follow-ups other demo boroughs'
      // subscriptions have by now.
      expect(queued.map((e: any) => e.to)).toEqual(
        expect.arrayContaining([
          'hf.it@lbhf.gov.uk',
          'haringey.it@haringey.gov.uk',
          'harrow.it@harrow.gov.uk',
        ]),
      );
      expect(new Set(queued.map((e: any) => e.to)).size).toBe(queued.length);
      const pending = queued.length;
      const before = smtp.received.length;
      smtp.delayMs = 150;
      const results = await Promise.all([
        t.app.get(OutboxSender).sendDue({ ignoreBackoff: true }),
        second.app.get(OutboxSender).sendDue({ ignoreBackoff: true }),
      ]);
      expect(results[0].sent + results[1].sent).toBe(pending);
      const arrived = smtp.received.slice(before).map((m) => m.messageId);
      expect(arrived).toHaveLength(pending);
      expect(new Set(arrived).size).toBe(pending);
      for (const email of [
        'hf.it@lbhf.gov.uk',
        'haringey.it@haringey.gov.uk',
        'harrow.it@harrow.gov.uk',
      ]) {
        expect(to(email)).toHaveLength(1);
      }
    } finally {
      smtp.delayMs = 0;
      if (second !== t) await second.app.close();
    }
  });

  describe('unsubscribing', () => {
    const tokenOf = (mail: ParsedMail) =>
      new URL(/^<(.+)>$/.exec(header(mail, 'list-unsubscribe')!)![1]).searchParams.get('token')!;

    /** The path and query of an unsubscribe link signed for subscription `id`. */
    const linkFor = async (id: string) => {
      const url = new URL(await t.db.read((em) => t.app.get(UnsubscribeLinks).url(em, id)));
      return `${url.pathname}${url.search}`;
    };

    it('shows a page naming the address, then a button, on GET, and changes nothing', async () => {
      const res = await t
        .http()
        .get('/alerts/unsubscribe')
        .query({ token: tokenOf(camdenMail()[0]) });
      expect(res.status).toBe(200);
      expect(res.text).toMatch(
        /<h1>Stop contract alerts\?<\/h1><p>If you unsubscribe, camden\.it@camden\.gov\.uk will get no more contract alert emails from this subscription\.<\/p><form method="post" action="\?token=[^"]+"><button type="submit">Unsubscribe<\/button><\/form><\/body>/,
      );
      const list = await t.gql(`{ alertSubscriptions { id active } }`, {}, 'demo-cmd');
      expect(list.data!.alertSubscriptions).toEqual([{ id: camdenSubscription, active: true }]);
    });

    it('escapes the address on the page that asks and on the page that confirms', async () => {
      const created = await t.gql(
        CREATE,
        { input: { email: "o'neill&co@camden.gov.uk", gssCode: CAMDEN } },
        'demo-admin',
      );
      expect(created.errors).toBeUndefined();
      const id = created.data!.createAlertSubscription.id;
      try {
        const link = await linkFor(id);
        const asked = await t.http().get(link);
        expect(asked.status).toBe(200);
        expect(asked.text).toContain(
          '<p>If you unsubscribe, o&#39;neill&amp;co@camden.gov.uk will get no more contract alert emails from this subscription.</p>',
        );
        const done = await t.http().post(link);
        expect(done.status).toBe(200);
        expect(done.text).toContain(
          '<h1>Unsubscribed</h1><p>o&#39;neill&amp;co@camden.gov.uk will get no more of these alerts.</p>',
        );
        const list = await t.gql(`{ alertSubscriptions { id active } }`, {}, 'demo-admin');
        expect(list.data!.alertSubscriptions.filter((s: any) => s.id === id)).toEqual([
          { id, active: false },
        ]);
      } finally {
        // Whatever failed above, this subscription must not receive the later tests' digests.
        await t.gql(
          `mutation($id: ID!) { deleteAlertSubscription(id: $id) }`,
          { id },
          'demo-admin',
        );
      }
    });

    it('refuses with 400 a genuine token for a subscription that does not exist', async () => {
      const link = await linkFor('00000000-0000-4000-8000-000000000000');
      for (const res of [await t.http().get(link), await t.http().post(link)]) {
        expect(res.status).toBe(400);
        expect(res.text).toContain(
          '<h1>This link is not valid</h1><p>The unsubscribe link is damaged or was not made by the register.</p>',
        );
      }
    });

    it('refuses a forged or altered token with 400', async () => {
      const token = tokenOf(camdenMail()[0]);
      const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
      for (const bad of [forged, token.replace(/^./, 'x'), 'nonsense', '']) {
        expect((await t.http().get('/alerts/unsubscribe').query({ token: bad })).status).toBe(400);
        expect((await t.http().post('/alerts/unsubscribe').query({ token: bad })).status).toBe(400);
      }
      const list = await t.gql(`{ alertSubscriptions { active } }`, {}, 'demo-cmd');
      expect(list.data!.alertSubscriptions).toEqual([{ active: true }]);
    });

    it('unsubscribes at once on the one-click POST, cancelling pending emails', async () => {
      const moved = camdenList.map((e) =>
        e.contractReference === 'CMD-EL' ? { ...e, contractEnd: '2027-01-05' } : e,
      );
      await t.gql(SUBMIT, { gssCode: CAMDEN, systems: moved }, 'demo-cmd');
      await smtp.stop();
      try {
        // Camden's new key date is due for Camden's subscription (and the elections one).
        expect(await run('2026-12-10')).toMatchObject({ emailsSent: 0 });
      } finally {
        await smtp.start();
      }
      const pending = (await t.gql(OUTBOX, { status: 'PENDING' })).data!.alertOutbox;
      const addresses = pending.map((e: any) => e.to);
      expect(addresses.filter((a: string) => a === 'camden.it@camden.gov.uk')).toHaveLength(1);
      expect(addresses.filter((a: string) => a === 'elections@loti.example')).toHaveLength(1);

      // RFC 8058 asks mail clients to send the one-click POST as multipart/form-data.
      const res = await t
        .http()
        .post('/alerts/unsubscribe')
        .query({ token: tokenOf(camdenMail()[0]) })
        .field('List-Unsubscribe', 'One-Click');
      expect(res.status).toBe(200);
      expect(res.text).toContain('camden.it@camden.gov.uk will get no more of these alerts.');
      const list = await t.gql(`{ alertSubscriptions { active } }`, {}, 'demo-cmd');
      expect(list.data!.alertSubscriptions).toEqual([{ active: false }]);
      const cancelled = (await t.gql(OUTBOX, { status: 'CANCELLED' })).data!.alertOutbox;
      expect(cancelled.map((e: any) => e.to)).toEqual(['camden.it@camden.gov.uk']);
      const before = camdenMail().length;
      t.clock.set(new Date(t.clock.now().getTime() + 3_600_000));
      await run('2026-12-10');
      expect(camdenMail()).toHaveLength(before);
    });

    it('turns a subscription back on with updateAlertSubscription(active: true), audited', async () => {
      const UPDATE = `mutation($id: ID!, $input: AlertSubscriptionInput!) {
        updateAlertSubscription(id: $id, input: $input) { id email active }
      }`;
      const input = { email: 'camden.it@camden.gov.uk', gssCode: CAMDEN };
      // Left out, `active` stays as it is: an edit does not undo an unsubscribe.
      const edited = await t.gql(UPDATE, { id: camdenSubscription, input }, 'demo-cmd');
      expect(edited.data!.updateAlertSubscription.active).toBe(false);
      const res = await t.gql(
        UPDATE,
        { id: camdenSubscription, input: { ...input, active: true } },
        'demo-cmd',
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.updateAlertSubscription).toEqual({
        id: camdenSubscription,
        email: 'camden.it@camden.gov.uk',
        active: true,
      });
      const events = await t.gql(
        `{ auditEvents(filter: { action: "subscription.update" }, limit: 1) { targetId summary } }`,
      );
      const [event] = events.data!.auditEvents;
      expect(event.targetId).toBe(camdenSubscription);
      expect(JSON.parse(event.summary)).toMatchObject({
        before: { active: false },
        after: { active: true },
      });
      // Back on, it is told at the next run what was cancelled while it was off.
      day('2026-12-17');
      const before = camdenMail().length;
      await run('2026-12-17');
      expect(camdenMail()).toHaveLength(before + 1);
      expect(camdenMail().at(-1)!.text).toContain(
        '* Electoral register (Camden)\n  Supplier: Idox Software; product: Xpress\n  Ends: 5 January 2027 (2027-01-05), 19 days left\n',
      );

      const off = await t.gql(
        UPDATE,
        { id: camdenSubscription, input: { ...input, active: 'yes' } },
        'demo-cmd',
      );
      expect(off.errors![0].extensions.fieldErrors).toEqual([
        { path: 'input.active', message: 'Boolean cannot represent a non boolean value: "yes"' },
      ]);
    });
  });

  describe('who may do what', () => {
    it.each([
      ['a lead for another borough', { email: 'x@camden.gov.uk', gssCode: HACKNEY }, 'FORBIDDEN'],
      ['a lead for every borough', { email: 'x@camden.gov.uk' }, 'FORBIDDEN'],
    ])('refuses %s', async (_, input, code) => {
      expect(codes(await t.gql(CREATE, { input }, 'demo-cmd'))).toEqual([code]);
    });

    it("keeps a borough lead away from other people's subscriptions", async () => {
      const theirs = (
        await t.gql(`{ alertSubscriptions { id email } }`, {}, 'demo-coordinator')
      ).data!.alertSubscriptions.find((s: any) => s.email === 'elections@loti.example');
      expect(
        (await t.gql(`{ alertSubscriptions { email } }`, {}, 'demo-cmd')).data!.alertSubscriptions,
      ).toEqual([{ email: 'camden.it@camden.gov.uk' }]);
      const update = `mutation($id: ID!) { updateAlertSubscription(id: $id, input: { email: "x@camden.gov.uk", gssCode: "${CAMDEN}" }) { id } }`;
      expect(codes(await t.gql(update, { id: theirs.id }, 'demo-cmd'))).toEqual(['FORBIDDEN']);
      expect(
        codes(
          await t.gql(
            `mutation($id: ID!) { deleteAlertSubscription(id: $id) }`,
            { id: theirs.id },
            'demo-cmd',
          ),
        ),
      ).toEqual(['FORBIDDEN']);
      expect(
        codes(
          await t.gql(
            `mutation($id: ID!) { deleteAlertSubscription(id: $id) }`,
            { id: 'nope' },
            'demo-admin',
          ),
        ),
      ).toEqual(['NOT_FOUND']);
    });

    it.each(['demo-coordinator', 'demo-cmd'])(
      'keeps %s away from runs and the outbox',
      async (key) => {
        expect(codes(await t.gql(RUN, {}, key))).toEqual(['FORBIDDEN']);
        expect(codes(await t.gql(OUTBOX, {}, key))).toEqual(['FORBIDDEN']);
        expect(
          codes(await t.gql(`mutation { requeueAlertEmails(ids: ["x"]) { id } }`, {}, key)),
        ).toEqual(['FORBIDDEN']);
      },
    );

    it.each([
      [{ email: 'not-an-address', gssCode: CAMDEN }, 'input.email', 'must be an email address'],
      [
        { email: 'a@b.org', leadDays: [30, 0] },
        'input.leadDays.1',
        'must be a whole number of days from 1 to 1095',
      ],
      [
        { email: 'a@b.org', leadDays: [1096] },
        'input.leadDays.0',
        'must be a whole number of days from 1 to 1095',
      ],
      [{ email: 'a@b.org', leadDays: [30, 90, 30] }, 'input.leadDays.2', 'repeats 30'],
      [
        { email: 'a@b.org', leadDays: [] },
        'input.leadDays',
        'must have at least one number of days',
      ],
      [
        { email: 'a@b.org', categoryCodes: ['toasters'] },
        'input.categoryCodes.0',
        'is not a known category code ("toasters")',
      ],
      [
        { email: 'a@b.org', gssCode: 'E09000099' },
        'input.gssCode',
        'is not a known borough GSS code ("E09000099")',
      ],
    ])('refuses %j naming the field', async (input, path, message) => {
      const res = await t.gql(CREATE, { input }, 'demo-admin');
      expect(res.errors![0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ path, message }],
      });
    });

    it('updates a subscription without resending what was sent; its unsent email follows it, and deleting cancels it', async () => {
      const mine = await t.gql(
        CREATE,
        { input: { email: 'sw@southwark.gov.uk', gssCode: 'E09000028' } },
        'demo-admin',
      );
      const id = mine.data!.createAlertSubscription.id;
      await smtp.stop();
      try {
        expect(await run('2026-12-10')).toMatchObject({ emailsQueued: 1, emailsSent: 0 });
      } finally {
        await smtp.start();
      }
      const updated = await t.gql(
        `mutation($id: ID!, $input: AlertSubscriptionInput!) { updateAlertSubscription(id: $id, input: $input) { email leadDays } }`,
        {
          id,
          input: {
            email: 'procurement@southwark.gov.uk',
            gssCode: 'E09000028',
            leadDays: [30, 365, 180, 90],
          },
        },
      );
      expect(updated.data!.updateAlertSubscription).toEqual({
        email: 'procurement@southwark.gov.uk',
        leadDays: [365, 180, 90, 30],
      });
      const pending = (await t.gql(OUTBOX, { status: 'PENDING' })).data!.alertOutbox.filter(
        (e: any) => /southwark/.test(e.to),
      );
      expect(pending.map((e: any) => e.to)).toEqual(['procurement@southwark.gov.uk']);
      expect(
        (await t.gql(`mutation($id: ID!) { deleteAlertSubscription(id: $id) }`, { id })).data!
          .deleteAlertSubscription,
      ).toBe(true);
      const cancelled = (await t.gql(OUTBOX, { status: 'CANCELLED' })).data!.alertOutbox.filter(
        (e: any) => e.id === pending[0].id,
      );
      expect(cancelled).toHaveLength(1);
      expect(await run('2026-12-10')).toMatchObject({ emailsQueued: 0 });
      expect(to('procurement@southwark.gov.uk')).toEqual([]);
      const list = (await t.gql(`{ alertSubscriptions { id } }`)).data!.alertSubscriptions;
      expect(list.map((s: any) => s.id)).not.toContain(id);
    });

    it('queues nothing for a subscription deleted while the run was working', async () => {
      const mine = await t.gql(
        CREATE,
        { input: { email: 'merton.it@merton.gov.uk', gssCode: 'E09000024' } },
        'demo-admin',
      );
      const id = mine.data!.createAlertSubscription.id;
      // The run has read the subscription: delete it before its digest is queued.
      const sources = t.app.get(DigestSources);
      const original = sources.read.bind(sources);
      const spy = jest.spyOn(sources, 'read').mockImplementation(async (asOf: string) => {
        const read = await original(asOf);
        expect(read.subscriptions.map((s) => s.id)).toContain(id);
        await t.gql(`mutation($id: ID!) { deleteAlertSubscription(id: $id) }`, { id });
        return read;
      });
      try {
        await run('2026-12-10');
      } finally {
        spy.mockRestore();
      }
      const outbox = (await t.gql(OUTBOX)).data!.alertOutbox.filter(
        (e: any) => e.to === 'merton.it@merton.gov.uk',
      );
      expect(outbox).toEqual([]);
      expect(to('merton.it@merton.gov.uk')).toEqual([]);
    });
  });

  it(`queues each item once and sends each email once when two runs start together${onPostgres() ? ' on two instances' : ''}`, async () => {
    const second = onPostgres()
      ? await createTestApp(
          { SMTP_URL: smtp.url, PUBLIC_URL: 'https://register.example.org' },
          { url: t.databaseUrl },
        )
      : t;
    try {
      day('2026-12-10');
      second.clock.set(t.clock.now());
      await t.gql(
        CREATE,
        { input: { email: 'westminster.it@westminster.gov.uk', gssCode: 'E09000033' } },
        'demo-admin',
      );
      await t.gql(
        CREATE,
        { input: { email: 'wandsworth.it@wandsworth.gov.uk', gssCode: 'E09000032' } },
        'demo-admin',
      );
      const before = smtp.received.length;
      const [a, b] = await Promise.all([
        t.gql(RUN, { asOf: '2026-12-10' }),
        second.gql(RUN, { asOf: '2026-12-10' }),
      ]);
      const runs = [a.data!.runAlerts, b.data!.runAlerts];
      expect([a.errors, b.errors]).toEqual([undefined, undefined]);
      const arrived = smtp.received
        .slice(before)
        .map((m) => (m.to && 'text' in m.to ? m.to.text : ''));
      // Every subscription with something due got exactly one email, whichever run sent it.
      expect(arrived).toEqual([...new Set(arrived)]);
      expect(arrived).toEqual(
        expect.arrayContaining([
          'westminster.it@westminster.gov.uk',
          'wandsworth.it@wandsworth.gov.uk',
        ]),
      );
      expect(runs[0].emailsQueued + runs[1].emailsQueued).toBe(arrived.length);
      expect(runs[0].emailsSent + runs[1].emailsSent).toBe(arrived.length);
      const outbox = (await t.gql(OUTBOX)).data!.alertOutbox.filter((e: any) =>
        /westminster|wandsworth/.test(e.to),
      );
      expect(outbox.map((e: any) => e.status)).toEqual(['SENT', 'SENT']);
    } finally {
      if (second !== t) await second.app.close();
    }
  });
});
