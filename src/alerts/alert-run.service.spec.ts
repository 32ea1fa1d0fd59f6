import { CAMDEN, HACKNEY } from '../../test/helpers/lists';
import {
  bootServices,
  domainError,
  fingerprint,
  input,
  principal,
  ServiceModule,
} from '../../test/helpers/service-module';
import { TEST_NOW } from '../../test/helpers/test-clock';
import { operator } from '../access/principal';
import { Role } from '../access/role';
import { addDays, londonDate, longDate } from '../common/dates';
import { ErrorCode } from '../common/domain-error';
import { ItSystemInput } from '../systems/dto/it-system.input';
import { SubmissionsCoreModule } from '../submissions/submissions.module';
import { SubmissionsService } from '../submissions/submissions.service';
import { AlertRunReport, AlertRunService } from './alert-run.service';
import { AlertSubscriptionsService } from './alert-subscriptions.service';
import { AlertRunModule, AlertsModule } from './alerts.module';
import { DigestSources } from './digest-sources';
import { AlertSubscriptionInput } from './dto/alert-subscription.input';
import { MailError, MailMessage, Mailer } from './mailer';
import { UnsubscribeLinks } from './unsubscribe-links';

/** Keeps what the run sends, in memory; `failing` makes every send fail as a down server does. */
class RecordingMailer extends Mailer {
  readonly transport = 'file';
  readonly sent: MailMessage[] = [];
  failing: MailError | null = null;

  async send(message: MailMessage): Promise<void> {
    if (this.failing) throw this.failing;
    this.sent.push(message);
  }
}

const TODAY = londonDate(TEST_NOW);
/** Seven in the morning (London) on `date`, when the daily run starts. */
const morningOf = (date: string) => new Date(`${date}T07:00:00Z`);

// Camden's contracts, by days from today to each key date: 20, 36 (a notice deadline), 100, 400.
const ELECTORAL_END = addDays(TODAY, 20);
const ERP_END = addDays(TODAY, 216);
const ERP_NOTICE = addDays(TODAY, 36);
const HOUSING_END = addDays(TODAY, 100);
const HOUSING_EXTENT = addDays(TODAY, 465);
const camdenList = (): ItSystemInput[] => [
  input(1, {
    name: 'Housing',
    categoryCode: 'housing-management',
    supplierName: 'MRI Software Ltd',
    productName: 'Open Housing',
    contractEnd: HOUSING_END,
    maxExtentDate: HOUSING_EXTENT,
  }),
  input(2, {
    name: 'Electoral register',
    categoryCode: 'electoral-registration',
    supplierName: 'Idox Software Ltd',
    productName: 'Xpress',
    contractEnd: ELECTORAL_END,
  }),
  input(3, {
    name: 'ERP',
    categoryCode: 'erp',
    supplierName: 'SAP UK Ltd',
    contractEnd: ERP_END,
    noticePeriodDays: 180,
  }),
  input(4, {
    name: 'CRM',
    categoryCode: 'crm',
    supplierName: 'Netcall Systems Ltd',
    contractEnd: addDays(TODAY, 400),
  }),
];
// Hackney's: key dates 10 and 300 days away. No category is shared with Camden, so no clusters.
const hackneyList = (): ItSystemInput[] => [
  input(1, {
    name: 'Revenues',
    categoryCode: 'revenues-benefits',
    supplierName: 'Capita Business Services Ltd',
    contractEnd: addDays(TODAY, 300),
  }),
  input(2, {
    name: 'Contact centre',
    categoryCode: 'telephony',
    supplierName: 'Netcall Systems Ltd',
    contractEnd: addDays(TODAY, 10),
  }),
];

const NO_CLUSTER = '  No other borough renews the same thing in the same window yet.';
/** A date as digests write it: "31 March 2027 (2027-03-31)". */
const when = (date: string) => `${longDate(date)} (${date})`;
/** A digest's shape: its borough headings and the title of each item, in order. */
const outline = (message: MailMessage) =>
  message.text.split('\n').filter((line) => line.startsWith('== ') || line.startsWith('* '));
const byRecipient = (a: MailMessage, b: MailMessage) => (a.to < b.to ? -1 : 1);
/** A run's counts, as `runAlerts` answers them, without the emails behind them. */
const counts = ({ emails: _emails, ...run }: AlertRunReport) => run;

describe(AlertRunService.name, () => {
  let t: ServiceModule;
  let mailer: RecordingMailer;
  let runs: AlertRunService;
  let subscriptions: AlertSubscriptionsService;
  const admin = operator('Spec operator');
  const coordinator = principal(Role.COORDINATOR);

  beforeEach(async () => {
    mailer = new RecordingMailer();
    // AlertsModule brings the subscriptions service (beside its resolvers) to the run's module.
    t = await bootServices([AlertRunModule, AlertsModule, SubmissionsCoreModule], {
      override: (builder) => builder.overrideProvider(Mailer).useValue(mailer),
    });
    runs = t.module.get(AlertRunService);
    subscriptions = t.module.get(AlertSubscriptionsService);
  });
  afterEach(() => t.close());

  const submit = (gssCode: string, systems: ItSystemInput[]) =>
    t.module.get(SubmissionsService).submit(admin, gssCode, systems);
  const subscribe = async (values: AlertSubscriptionInput) =>
    (await subscriptions.create(coordinator, values)).id;
  const rows = (sql: string): Promise<Record<string, unknown>[]> => t.db.dataSource.query(sql);
  /** What was recorded as queued, as [email, system, key date, milestone]. */
  const deliveries = async () =>
    (
      await rows(`SELECT a.email, s.name, d.key_date, d.milestone FROM alert_delivery d
        JOIN alert_subscription a ON a.id = d.subscription_id
        JOIN it_system s ON s.id = d.system_id
        ORDER BY a.email, d.key_date, d.milestone`)
    ).map((r) => [r.email, r.name, r.key_date, Number(r.milestone)]);
  const outbox = async () =>
    (await rows('SELECT to_email, status FROM alert_outbox ORDER BY to_email')).map((r) => [
      r.to_email,
      r.status,
    ]);
  /** Every row a run may write: the register, the audit trail, subscriptions, outbox, deliveries. */
  const state = async (): Promise<Record<string, unknown[]>> => ({
    ...(await fingerprint(t.db)),
    alert_outbox: await rows('SELECT * FROM alert_outbox ORDER BY id'),
    alert_delivery: await rows('SELECT * FROM alert_delivery ORDER BY id'),
    alert_subscription: await rows('SELECT * FROM alert_subscription ORDER BY id'),
  });
  const sentTo = () => [...mailer.sent].sort(byRecipient);

  describe('a day’s run', () => {
    let camden: string;

    /** Where the digest links a Camden system: its place on the borough's page. */
    let linkTo: (name: string) => string;

    beforeEach(async () => {
      const { systems } = await submit(CAMDEN, camdenList());
      linkTo = (name) =>
        `  In the register: http://localhost:3000/boroughs/${CAMDEN}#system-${systems.find((x) => x.name === name)!.id}`;
      await submit(HACKNEY, hackneyList());
      camden = await subscribe({ email: 'it@camden.gov.uk', gssCode: CAMDEN });
      await subscribe({ email: 'london@example.org', gssCode: null });
      await subscribe({
        email: 'housing@example.org',
        gssCode: null,
        categoryCodes: ['housing-management', 'revenues-benefits'],
      });
      // Camden's CRM is 400 days from its key date: nothing is due for this one.
      await subscribe({ email: 'crm@camden.gov.uk', gssCode: CAMDEN, categoryCodes: ['crm'] });
    });

    it('sends one digest per subscription with something due, listing all its due items', async () => {
      expect(counts(await runs.run({}))).toEqual({
        asOf: TODAY,
        dryRun: false,
        emailsQueued: 3,
        itemsQueued: 10,
        emailsSent: 3,
        emailsFailed: 0,
      });
      expect(sentTo().map((m) => [m.to, m.subject])).toEqual([
        ['housing@example.org', '2 contracts need attention: Camden and Hackney'],
        ['it@camden.gov.uk', '3 contracts need attention: Camden'],
        ['london@example.org', '5 contracts need attention: Camden and Hackney'],
      ]);
      expect(await outbox()).toEqual([
        ['housing@example.org', 'SENT'],
        ['it@camden.gov.uk', 'SENT'],
        ['london@example.org', 'SENT'],
      ]);
      // Each item at its current milestone: the smallest lead day not less than the days left.
      expect(await deliveries()).toEqual([
        ['housing@example.org', 'Housing', HOUSING_END, 180],
        ['housing@example.org', 'Revenues', addDays(TODAY, 300), 365],
        ['it@camden.gov.uk', 'Electoral register', ELECTORAL_END, 30],
        ['it@camden.gov.uk', 'ERP', ERP_NOTICE, 90],
        ['it@camden.gov.uk', 'Housing', HOUSING_END, 180],
        ['london@example.org', 'Contact centre', addDays(TODAY, 10), 30],
        ['london@example.org', 'Electoral register', ELECTORAL_END, 30],
        ['london@example.org', 'ERP', ERP_NOTICE, 90],
        ['london@example.org', 'Housing', HOUSING_END, 180],
        ['london@example.org', 'Revenues', addDays(TODAY, 300), 365],
      ]);
    });

    it('writes a borough subscription’s digest about its borough only, by key date, with an unsubscribe link for it', async () => {
      await runs.run({});
      const message = sentTo().find((m) => m.to === 'it@camden.gov.uk')!;
      const unsubscribe = /^<(.+)>$/.exec(message.headers['List-Unsubscribe'])![1];
      expect(message).toEqual({
        to: 'it@camden.gov.uk',
        from: { name: 'London Contract Register', address: 'contract-register@localhost' },
        subject: '3 contracts need attention: Camden',
        text: [
          '3 contracts need attention. Each is listed with its key date: the last day to give notice, or the end date when there is no notice period.',
          '',
          '== Camden ==',
          '',
          '* Electoral register (Camden)',
          '  Supplier: Idox Software Ltd; product: Xpress',
          `  Ends: ${when(ELECTORAL_END)}, 20 days left`,
          '  Extension options reach: none advertised',
          NO_CLUSTER,
          linkTo('Electoral register'),
          '',
          '* ERP (Camden)',
          '  Supplier: SAP UK Ltd',
          `  Notice deadline: ${when(ERP_NOTICE)}, 36 days left; the contract ends ${when(ERP_END)}`,
          '  Extension options reach: none advertised',
          NO_CLUSTER,
          linkTo('ERP'),
          '',
          '* Housing (Camden)',
          '  Supplier: MRI Software Ltd; product: Open Housing',
          `  Ends: ${when(HOUSING_END)}, 100 days left`,
          `  Extension options reach: ${when(HOUSING_EXTENT)}`,
          NO_CLUSTER,
          linkTo('Housing'),
          '',
          `Stop these emails: ${unsubscribe}`,
          '',
        ].join('\n'),
        html: expect.stringContaining('<h2>Camden</h2>'),
        messageId: expect.stringMatching(/^[0-9a-f-]{36}@localhost$/),
        headers: {
          'List-Unsubscribe': `<${unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
        },
      });
      expect(message.html).not.toContain('Hackney');
      const token = new URL(unsubscribe).searchParams.get('token');
      expect(unsubscribe.startsWith('http://localhost:3000/alerts/unsubscribe?token=')).toBe(true);
      expect(await t.module.get(UnsubscribeLinks).verify(token)).toBe(camden);
    });

    it('groups an all-borough digest by borough, and keeps to the categories asked for', async () => {
      await runs.run({});
      const [housing, , london] = sentTo();
      expect(outline(london)).toEqual([
        '== Camden ==',
        '* Electoral register (Camden)',
        '* ERP (Camden)',
        '* Housing (Camden)',
        '== Hackney ==',
        '* Contact centre (Hackney)',
        '* Revenues (Hackney)',
      ]);
      expect(outline(housing)).toEqual([
        '== Camden ==',
        '* Housing (Camden)',
        '== Hackney ==',
        '* Revenues (Hackney)',
      ]);
      expect(housing.html.match(/<h2>[^<]*<\/h2>/g)).toEqual([
        '<h2>Camden</h2>',
        '<h2>Hackney</h2>',
      ]);
    });

    it('queues and sends nothing more when the same day is run again', async () => {
      await runs.run({});
      const { audit_event: eventsBefore, ...before } = await state();
      expect(counts(await runs.run({}))).toEqual({
        asOf: TODAY,
        dryRun: false,
        emailsQueued: 0,
        itemsQueued: 0,
        emailsSent: 0,
        emailsFailed: 0,
      });
      expect(mailer.sent).toHaveLength(3);
      const { audit_event: events, ...after } = await state();
      expect(after).toEqual(before);
      // The second run wrote only its own record in the audit trail.
      expect(events.slice(0, eventsBefore.length)).toEqual(eventsBefore);
      const actions = await rows('SELECT action FROM audit_event ORDER BY id');
      expect(actions.slice(eventsBefore.length)).toEqual([{ action: 'alerts.run' }]);
    });

    it('queues each item once when another run queued some of the same items after this one read', async () => {
      const sources = t.module.get(DigestSources);
      // What a run starting together with the first one read: nothing queued yet.
      const early = await sources.read(TODAY);
      expect(await runs.run({})).toMatchObject({ emailsQueued: 3, itemsQueued: 10 });
      await submit(CAMDEN, [
        ...camdenList(),
        input(5, {
          name: 'Parking',
          categoryCode: 'parking',
          supplierName: 'Taranto Systems Ltd',
          contractEnd: addDays(TODAY, 50),
        }),
      ]);
      // The late run sees the new contract but not what the first run queued: its plans repeat
      // ten items, which the delivery table's unique key keeps out of its emails.
      const late = await sources.read(TODAY);
      jest.spyOn(sources, 'read').mockResolvedValueOnce({ ...late, sent: early.sent });
      expect(counts(await runs.run({}))).toEqual({
        asOf: TODAY,
        dryRun: false,
        emailsQueued: 2,
        itemsQueued: 2,
        emailsSent: 2,
        emailsFailed: 0,
      });
      const [camden, london] = mailer.sent.slice(3).sort(byRecipient);
      expect([camden.to, camden.subject, outline(camden)]).toEqual([
        'it@camden.gov.uk',
        '1 contract needs attention: Camden',
        ['== Camden ==', '* Parking (Camden)'],
      ]);
      expect([london.to, london.subject, outline(london)]).toEqual([
        'london@example.org',
        '1 contract needs attention: Camden',
        ['== Camden ==', '* Parking (Camden)'],
      ]);
      expect(await outbox()).toEqual([
        ['housing@example.org', 'SENT'],
        ['it@camden.gov.uk', 'SENT'],
        ['it@camden.gov.uk', 'SENT'],
        ['london@example.org', 'SENT'],
        ['london@example.org', 'SENT'],
      ]);
      expect((await deliveries()).filter(([, name]) => name === 'Parking')).toEqual([
        ['it@camden.gov.uk', 'Parking', addDays(TODAY, 50), 90],
        ['london@example.org', 'Parking', addDays(TODAY, 50), 90],
      ]);
      expect(await deliveries()).toHaveLength(12);
    });

    it('reports what a dry run would queue, for today or a later day, and writes and sends nothing', async () => {
      const before = await state();
      expect(counts(await runs.run({ dryRun: true }))).toEqual({
        asOf: TODAY,
        dryRun: true,
        emailsQueued: 3,
        itemsQueued: 10,
        emailsSent: 0,
        emailsFailed: 0,
      });
      // Ten days on: Hackney's contact centre has reached its key date and drops out; the
      // electoral register and the ERP notice are within 30 days, housing within 90.
      expect(counts(await runs.run({ asOf: addDays(TODAY, 10), dryRun: true }))).toEqual({
        asOf: addDays(TODAY, 10),
        dryRun: true,
        emailsQueued: 3,
        itemsQueued: 9,
        emailsSent: 0,
        emailsFailed: 0,
      });
      expect(await state()).toEqual(before);
      expect(mailer.sent).toEqual([]);
      // The command prints who would get which email with how many items.
      const { emails } = await runs.run({ dryRun: true });
      expect([...emails].sort((a, b) => (a.to < b.to ? -1 : 1))).toEqual([
        { to: 'housing@example.org', scopeName: null, items: 2 },
        { to: 'it@camden.gov.uk', scopeName: 'Camden', items: 3 },
        { to: 'london@example.org', scopeName: null, items: 5 },
      ]);
      // Nothing was recorded as sent, so the real run still finds every item due.
      expect(await runs.run({})).toMatchObject({ emailsQueued: 3, itemsQueued: 10, emailsSent: 3 });
    });

    it('refuses a later day for a real run, and writes and sends nothing', async () => {
      const before = await state();
      const error = await domainError(() => runs.run({ asOf: addDays(TODAY, 1) }));
      expect([error.code, error.fieldErrors]).toEqual([
        ErrorCode.BAD_USER_INPUT,
        [{ path: 'asOf', message: `is after today (${TODAY}): only a dry run may look ahead` }],
      ]);
      expect(await state()).toEqual(before);
      expect(mailer.sent).toEqual([]);
    });
  });

  describe('milestones across days', () => {
    // Notice must be given 90 days before the end: the key date is 100 days away today.
    const KEY_DATE = addDays(TODAY, 100);
    const END = addDays(TODAY, 190);

    beforeEach(async () => {
      await submit(CAMDEN, [input(1, { name: 'Housing', contractEnd: END, noticePeriodDays: 90 })]);
      await subscribe({ email: 'it@camden.gov.uk', gssCode: CAMDEN });
    });

    it('sends the 180-day alert 100 days before the key date, then nothing until the 90-day alert', async () => {
      const days = [...Array(12).keys()];
      const results = [];
      for (const day of days) {
        t.clock.set(morningOf(addDays(TODAY, day)));
        results.push(counts(await runs.run({})));
      }
      // Today 100 days remain; on day 10, 90.
      const emails = (n: number) => ({ emailsQueued: n, itemsQueued: n, emailsSent: n });
      expect(results).toEqual(
        days.map((day) => ({
          asOf: addDays(TODAY, day),
          dryRun: false,
          ...emails(day === 0 || day === 10 ? 1 : 0),
          emailsFailed: 0,
        })),
      );
      expect(await deliveries()).toEqual([
        ['it@camden.gov.uk', 'Housing', KEY_DATE, 90],
        ['it@camden.gov.uk', 'Housing', KEY_DATE, 180],
      ]);
      expect(
        mailer.sent.flatMap((m) => m.text.split('\n').filter((l) => l.includes('Notice deadline'))),
      ).toEqual([
        `  Notice deadline: ${when(KEY_DATE)}, 100 days left; the contract ends ${when(END)}`,
        `  Notice deadline: ${when(KEY_DATE)}, 90 days left; the contract ends ${when(END)}`,
      ]);
    });

    it('catches up an earlier day without going back to a larger milestone than one already sent', async () => {
      t.clock.set(morningOf(addDays(TODAY, 10)));
      expect(await runs.run({})).toMatchObject({ emailsQueued: 1, itemsQueued: 1, emailsSent: 1 });
      // On the suite's first day the 180-day alert was due; the 90-day one has gone out since.
      expect(counts(await runs.run({ asOf: TODAY }))).toEqual({
        asOf: TODAY,
        dryRun: false,
        emailsQueued: 0,
        itemsQueued: 0,
        emailsSent: 0,
        emailsFailed: 0,
      });
      expect(await deliveries()).toEqual([['it@camden.gov.uk', 'Housing', KEY_DATE, 90]]);
      expect(mailer.sent).toHaveLength(1);
    });

    it('counts a catch-up run’s days left from today', async () => {
      t.clock.set(morningOf(addDays(TODAY, 5)));
      expect(await runs.run({ asOf: TODAY })).toMatchObject({ asOf: TODAY, itemsQueued: 1 });
      expect(await deliveries()).toEqual([['it@camden.gov.uk', 'Housing', KEY_DATE, 180]]);
      expect(mailer.sent.map((m) => m.text.split('\n').find((l) => l.includes('Notice')))).toEqual([
        `  Notice deadline: ${when(KEY_DATE)}, 95 days left; the contract ends ${when(END)}`,
      ]);
    });
  });

  describe('subscriptions that no longer want alerts', () => {
    beforeEach(async () => {
      await submit(CAMDEN, camdenList());
    });

    it('sends nothing to an unsubscribed or a deleted subscription', async () => {
      await subscribe({ email: 'kept@camden.gov.uk', gssCode: CAMDEN });
      const gone = await subscribe({ email: 'gone@camden.gov.uk', gssCode: CAMDEN });
      const deleted = await subscribe({ email: 'deleted@camden.gov.uk', gssCode: CAMDEN });
      await subscriptions.unsubscribe(gone);
      await subscriptions.delete(coordinator, deleted);

      expect(await runs.run({ dryRun: true })).toMatchObject({ emailsQueued: 1, itemsQueued: 3 });
      expect(counts(await runs.run({}))).toEqual({
        asOf: TODAY,
        dryRun: false,
        emailsQueued: 1,
        itemsQueued: 3,
        emailsSent: 1,
        emailsFailed: 0,
      });
      expect(mailer.sent.map((m) => m.to)).toEqual(['kept@camden.gov.uk']);
      expect(await outbox()).toEqual([['kept@camden.gov.uk', 'SENT']]);
      expect((await deliveries()).map(([email]) => email)).toEqual([
        'kept@camden.gov.uk',
        'kept@camden.gov.uk',
        'kept@camden.gov.uk',
      ]);
    });

    it('queues nothing for a subscription deleted after the run read it', async () => {
      const id = await subscribe({ email: 'it@camden.gov.uk', gssCode: CAMDEN });
      const sources = t.module.get(DigestSources);
      const read = await sources.read(TODAY);
      await subscriptions.delete(coordinator, id);
      jest.spyOn(sources, 'read').mockResolvedValueOnce(read);
      expect(counts(await runs.run({}))).toEqual({
        asOf: TODAY,
        dryRun: false,
        emailsQueued: 0,
        itemsQueued: 0,
        emailsSent: 0,
        emailsFailed: 0,
      });
      expect([mailer.sent, await outbox(), await deliveries()]).toEqual([[], [], []]);
    });

    it.each([
      ['unsubscribes', (id: string) => subscriptions.unsubscribe(id)],
      ['is deleted', (id: string) => subscriptions.delete(coordinator, id)],
    ])(
      'never sends an email still waiting when its subscription %s',
      async (_, leave: (id: string) => Promise<unknown>) => {
        const id = await subscribe({ email: 'it@camden.gov.uk', gssCode: CAMDEN });
        mailer.failing = new MailError('ECONNREFUSED connect refused', false);
        expect(await runs.run({})).toMatchObject({
          emailsQueued: 1,
          itemsQueued: 3,
          emailsSent: 0,
          emailsFailed: 1,
        });
        expect(await outbox()).toEqual([['it@camden.gov.uk', 'PENDING']]);

        await leave(id);
        mailer.failing = null;
        expect(counts(await runs.run({ retryNow: true }))).toEqual({
          asOf: TODAY,
          dryRun: false,
          emailsQueued: 0,
          itemsQueued: 0,
          emailsSent: 0,
          emailsFailed: 0,
        });
        expect(mailer.sent).toEqual([]);
        expect(await outbox()).toEqual([['it@camden.gov.uk', 'CANCELLED']]);
      },
    );
  });
});
