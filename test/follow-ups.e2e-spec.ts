import { CAMDEN, entry, SUBMIT } from './helpers/lists';
import { TestSmtpServer } from './helpers/smtp';
import { createTestApp, TestApp } from './helpers/test-app';

const CREATE = `mutation($input: AlertSubscriptionInput!) { createAlertSubscription(input: $input) { id } }`;
const RUN = `mutation($asOf: Date, $dryRun: Boolean) {
  runAlerts(asOf: $asOf, dryRun: $dryRun) { emailsQueued itemsQueued emailsSent } }`;
const OUTBOX = `{ alertOutbox { id } }`;
const CONFIRM = `mutation($g: String!, $v: Int!) { confirmTopSystems(gssCode: $g, expectedVersion: $v) { version } }`;
const VERSION = `query($g: String!) { borough(gssCode: $g) { version } }`;

/**
 * DESIGN §11's follow-ups in the digest, lived through day by day with the test clock and read
 * from a real SMTP conversation: a contract whose key date passed undecided, once; a stale list,
 * once per staleness period.
 */
describe('Follow-ups in the digest: decisions to record, lists to confirm (e2e)', () => {
  const smtp = new TestSmtpServer();
  let t: TestApp;

  beforeAll(async () => {
    await smtp.start();
    t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://register.example.org' });
    // Submitted on 26 November 2026 (the test clock): fresh until 26 March 2027.
    const submitted = await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      systems: [
        entry(1, {
          name: 'Parking',
          categoryCode: 'parking',
          contractReference: 'P',
          contractEnd: '2026-12-16',
        }),
        entry(2, {
          name: 'Libraries',
          categoryCode: 'libraries',
          contractReference: 'L',
          contractEnd: '2026-12-18',
          renewalDecision: 'EXTEND',
        }),
        entry(3, {
          name: 'ERP',
          categoryCode: 'erp',
          contractReference: 'E',
          contractEnd: '2029-06-30',
        }),
      ],
    });
    expect(submitted.errors).toBeUndefined();
    const created = await t.gql(CREATE, {
      input: { email: 'camden.it@camden.gov.uk', gssCode: CAMDEN, leadDays: [7] },
    });
    expect(created.errors).toBeUndefined();
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  const day = (date: string) => t.clock.set(new Date(`${date}T07:00:00Z`));
  const run = async (asOf: string, dryRun = false) => {
    day(asOf);
    const res = await t.gql(RUN, { asOf, dryRun });
    expect(res.errors).toBeUndefined();
    return res.data!.runAlerts;
  };
  const mail = () =>
    smtp.received.filter((m) => m.to && 'text' in m.to && m.to.text === 'camden.it@camden.gov.uk');

  it('asks once about a contract whose key date passed undecided, and not about one decided', async () => {
    await run('2026-12-11'); // the 7-day alerts for Parking and Libraries
    const before = mail().length;
    const dry = await run('2026-12-17', true);
    expect(dry).toEqual({ emailsQueued: 1, itemsQueued: 1, emailsSent: 0 });
    expect(mail()).toHaveLength(before);
    const outbox = (await t.gql(OUTBOX)).data!.alertOutbox.length;

    expect(await run('2026-12-17')).toEqual({ emailsQueued: 1, itemsQueued: 1, emailsSent: 1 });
    expect((await t.gql(OUTBOX)).data!.alertOutbox).toHaveLength(outbox + 1);
    const [email] = mail().slice(before);
    expect(email.subject).toBe('1 contract ended without a recorded decision: Camden');
    expect(email.text).toContain(
      '* Parking (Camden)\n  Its key date was 16 December 2026 (2026-12-16), 1 day ago, and it ended without a recorded decision: record what happened (reprocure, extend, renew or decommission).\n  In the register: https://register.example.org/boroughs/E09000007#system-',
    );
    expect(email.text).not.toContain('Libraries');
    expect(email.html).toContain('Record it in the register');

    expect(await run('2026-12-17')).toMatchObject({ emailsQueued: 0 });
    expect(await run('2026-12-18')).toMatchObject({ emailsQueued: 0 });
    expect(mail()).toHaveLength(before + 1);
  });

  it('asks once per staleness period to confirm a stale list, and not once it is confirmed', async () => {
    // 120 days after 26 November 2026 is 26 March 2027: stale from the 27th.
    expect(await run('2027-03-26')).toMatchObject({ emailsQueued: 0 });
    const before = mail().length;
    expect(await run('2027-03-27')).toEqual({ emailsQueued: 1, itemsQueued: 1, emailsSent: 1 });
    const [email] = mail().slice(before);
    expect(email.subject).toBe('a list to confirm: Camden');
    expect(email.text).toContain(
      "* Camden's list was last changed or confirmed on 26 November 2026 (2026-11-26), 121 days ago. If it is still right, confirm it; if not, update it.\n  In the register: https://register.example.org/boroughs/E09000007\n",
    );
    expect(await run('2027-03-28')).toMatchObject({ emailsQueued: 0 });
    expect(await run('2027-07-24')).toMatchObject({ emailsQueued: 0 });
    // A second period without a confirmation: asked again.
    expect(await run('2027-07-25')).toMatchObject({ emailsQueued: 1, itemsQueued: 1 });

    day('2027-07-26');
    const { version } = (await t.gql(VERSION, { g: CAMDEN })).data!.borough;
    expect((await t.gql(CONFIRM, { g: CAMDEN, v: version }, 'demo-cmd')).errors).toBeUndefined();
    expect(await run('2027-11-22')).toMatchObject({ emailsQueued: 0 });
    expect(await run('2027-11-24')).toMatchObject({ emailsQueued: 1, itemsQueued: 1 });
    expect(mail().at(-1)!.text).toContain(
      'last changed or confirmed on 26 July 2027 (2027-07-26), 121 days ago',
    );
  });
});
