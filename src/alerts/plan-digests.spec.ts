import { RenewalDecision } from '../systems/renewal-decision';
import {
  AFTER_KEY_DATE,
  SentReminder,
  stalePeriod,
  ClusterNote,
  DigestInputs,
  DigestPlan,
  PlanContract,
  PlanSubscription,
  planDigests,
} from './plan-digests';

const BOROUGHS = new Map([
  ['cmd', 'Camden'],
  ['hck', 'Hackney'],
  ['isl', 'Islington'],
  ['brt', 'Brent'],
]);

const contract = (id: string, overrides: Partial<PlanContract> = {}): PlanContract => ({
  id,
  boroughId: 'cmd',
  categoryCode: 'erp',
  name: `System ${id}`,
  contractEnd: '2027-01-31',
  noticePeriodDays: null,
  maxExtentDate: null,
  supplierName: 'SAP UK Ltd',
  productName: null,
  renewalDecision: RenewalDecision.UNDECIDED,
  url: `https://register.example/boroughs/E09000007#system-${id}`,
  ...overrides,
});

const subscription = (id: string, overrides: Partial<PlanSubscription> = {}): PlanSubscription => ({
  id,
  email: `${id}@example.org`,
  boroughId: null,
  leadDays: [365, 180, 90, 30],
  categoryCodes: null,
  ...overrides,
});

const inputs = (overrides: Partial<DigestInputs>): DigestInputs => ({
  subscriptions: [],
  contracts: [],
  sent: [],
  boroughNames: BOROUGHS,
  clusters: [],
  lists: [],
  sentReminders: [],
  staleAfterDays: 120,
  ...overrides,
});

/** Each plan as the subscription, the scope and the systems due, in order. */
const outline = (plans: DigestPlan[]) =>
  plans.map((p) => ({
    subscriptionId: p.subscriptionId,
    scopeName: p.scopeName,
    systems: p.items.map((i) => i.due.systemId),
  }));

describe(planDigests.name, () => {
  it('tells each subscription about its own borough and categories only, by key date', () => {
    const plans = planDigests(
      inputs({
        subscriptions: [
          subscription('camden', { boroughId: 'cmd' }),
          subscription('erp everywhere', { categoryCodes: ['erp'] }),
          subscription('hackney crm', { boroughId: 'hck', categoryCodes: ['crm'] }),
        ],
        contracts: [
          contract('cmd-erp', { contractEnd: '2027-01-21' }),
          contract('cmd-crm', { categoryCode: 'crm', contractEnd: '2027-01-11' }),
          contract('hck-erp', { boroughId: 'hck', contractEnd: '2027-01-26' }),
        ],
      }),
      '2027-01-01',
      '2027-01-01',
    );
    expect(outline(plans)).toEqual([
      { subscriptionId: 'camden', scopeName: 'Camden', systems: ['cmd-crm', 'cmd-erp'] },
      { subscriptionId: 'erp everywhere', scopeName: null, systems: ['cmd-erp', 'hck-erp'] },
    ]);
  });

  it('plans each due contract as the item recorded and the item the email shows', () => {
    const plans = planDigests(
      inputs({
        subscriptions: [subscription('camden', { boroughId: 'cmd' })],
        contracts: [
          contract('erp', {
            name: 'ERP',
            contractEnd: '2027-06-30',
            noticePeriodDays: 180,
            maxExtentDate: '2028-06-30',
            productName: 'S/4HANA',
          }),
        ],
      }),
      '2026-12-02',
      '2026-12-02',
    );
    expect(plans).toEqual([
      {
        subscriptionId: 'camden',
        to: 'camden@example.org',
        scopeName: 'Camden',
        today: '2026-12-02',
        items: [
          {
            due: { systemId: 'erp', keyDate: '2027-01-01', milestone: 30, daysLeft: 30 },
            digest: {
              systemName: 'ERP',
              boroughName: 'Camden',
              url: 'https://register.example/boroughs/E09000007#system-erp',
              supplierName: 'SAP UK Ltd',
              productName: 'S/4HANA',
              contractEnd: '2027-06-30',
              maxExtentDate: '2028-06-30',
              noticeDeadline: '2027-01-01',
              keyDate: '2027-01-01',
              daysLeft: 30,
              cluster: null,
            },
          },
        ],
        undecided: [],
        reminders: [],
      },
    ]);
  });

  it('counts a catch-up run’s days left from today and leaves out key dates already past', () => {
    const plans = planDigests(
      inputs({
        subscriptions: [subscription('s', { leadDays: [30] })],
        contracts: [
          contract('past', { contractEnd: '2027-01-08' }),
          contract('ahead', { contractEnd: '2027-01-30' }),
        ],
      }),
      '2027-01-01',
      '2027-01-10',
    );
    expect(plans.map((p) => p.items)).toEqual([
      [
        {
          due: { systemId: 'ahead', keyDate: '2027-01-30', milestone: 30, daysLeft: 20 },
          digest: expect.objectContaining({ systemName: 'System ahead', daysLeft: 20 }),
        },
      ],
    ]);
  });

  it('speaks as of its own day in a dry run ahead of today', () => {
    const plans = planDigests(
      inputs({
        subscriptions: [subscription('s')],
        contracts: [
          contract('before', { contractEnd: '2027-02-01' }),
          contract('after', { contractEnd: '2027-03-21' }),
        ],
      }),
      '2027-03-01',
      '2027-01-01',
    );
    expect(plans.map((p) => p.items.map((i) => [i.due, i.digest.daysLeft]))).toEqual([
      [[{ systemId: 'after', keyDate: '2027-03-21', milestone: 30, daysLeft: 20 }, 20]],
    ]);
  });

  it('names the other boroughs of a contract’s cluster, sorted, and no cluster for the rest', () => {
    const cluster: ClusterNote = {
      key: 'ERP',
      window: { start: '2027-01-01', end: '2027-03-01' },
      actionBy: '2025-07-01',
      boroughIds: ['isl', 'cmd', 'hck', 'brt'],
      systemIds: ['clustered', 'isl-erp', 'hck-erp', 'brt-erp'],
    };
    const plans = planDigests(
      inputs({
        subscriptions: [subscription('camden', { boroughId: 'cmd' })],
        contracts: [
          contract('clustered', { contractEnd: '2027-01-21' }),
          contract('alone', { contractEnd: '2027-01-22' }),
        ],
        clusters: [cluster],
      }),
      '2027-01-01',
      '2027-01-01',
    );
    expect(plans[0].items.map((i) => [i.due.systemId, i.digest.cluster])).toEqual([
      [
        'clustered',
        {
          key: 'ERP',
          window: { start: '2027-01-01', end: '2027-03-01' },
          actionBy: '2025-07-01',
          otherBoroughs: ['Brent', 'Hackney', 'Islington'],
        },
      ],
      ['alone', null],
    ]);
  });

  it('leaves out what that subscription was already sent, not what another was', () => {
    const plans = planDigests(
      inputs({
        subscriptions: [subscription('told'), subscription('new')],
        contracts: [contract('erp', { contractEnd: '2027-01-21' })],
        sent: [{ subscriptionId: 'told', systemId: 'erp', keyDate: '2027-01-21', milestone: 30 }],
      }),
      '2027-01-01',
      '2027-01-01',
    );
    expect(outline(plans)).toEqual([{ subscriptionId: 'new', scopeName: null, systems: ['erp'] }]);
  });

  it('plans no digest when nothing is due', () => {
    expect(
      planDigests(
        inputs({
          subscriptions: [subscription('s', { leadDays: [30] })],
          contracts: [
            contract('far', { contractEnd: '2027-06-30' }),
            // Ended yesterday, but its borough recorded what happens next.
            contract('ended', {
              contractEnd: '2026-12-31',
              renewalDecision: RenewalDecision.EXTEND,
            }),
          ],
        }),
        '2027-01-01',
        '2027-01-01',
      ),
    ).toEqual([]);
  });

  it('asks once per key date about a contract whose key date passed while UNDECIDED, within a year', () => {
    const contracts = [
      contract('ended', { contractEnd: '2026-12-31' }),
      contract('long-ago', { contractEnd: '2025-12-31' }),
      contract('decided', { contractEnd: '2026-12-01', renewalDecision: RenewalDecision.RENEW }),
      contract('notice', { contractEnd: '2027-03-31', noticePeriodDays: 100 }),
    ];
    const subscriptions = [
      subscription('s', { boroughId: 'cmd', leadDays: [30] }),
      // Every borough's digest is the coordinating team's: no follow-ups there.
      subscription('all', { leadDays: [30] }),
    ];
    const plans = planDigests(inputs({ subscriptions, contracts }), '2027-01-01', '2027-01-01');
    expect(plans.map((p) => p.subscriptionId)).toEqual(['s']);
    const [plan] = plans;
    expect(plan.items).toEqual([]);
    expect(plan.undecided.map((u) => u.due)).toEqual([
      // Its notice deadline, 100 days before the end, passed on 21 December.
      { systemId: 'notice', keyDate: '2026-12-21', milestone: AFTER_KEY_DATE, daysLeft: -11 },
      { systemId: 'ended', keyDate: '2026-12-31', milestone: AFTER_KEY_DATE, daysLeft: -1 },
    ]);
    const sent = plan.undecided.map((u) => ({ subscriptionId: 's', ...u.due }));
    expect(
      planDigests(inputs({ subscriptions, contracts, sent }), '2027-01-02', '2027-01-02'),
    ).toEqual([]);
  });

  it("reminds a borough's subscriptions once per staleness period to confirm its list", () => {
    const subscriptions = [
      subscription('camden', { boroughId: 'cmd' }),
      subscription('everyone', { boroughId: null }),
    ];
    const lists = [
      {
        boroughId: 'cmd',
        lastConfirmed: '2026-08-01',
        url: 'https://register.example/boroughs/E09000007',
      },
    ];
    const plan = (asOf: string, sentReminders: SentReminder[] = []) =>
      planDigests(inputs({ subscriptions, lists, sentReminders, staleAfterDays: 120 }), asOf, asOf);
    // 120 days after 1 August is 29 November: stale from 30 November.
    expect(plan('2026-11-29')).toEqual([]);
    const [first, ...others] = plan('2026-11-30');
    expect(others).toEqual([]);
    expect(first).toMatchObject({ subscriptionId: 'camden', items: [], undecided: [] });
    expect(first.reminders).toEqual([
      {
        boroughId: 'cmd',
        periodStart: '2026-11-30',
        note: {
          boroughName: 'Camden',
          lastConfirmed: '2026-08-01',
          url: 'https://register.example/boroughs/E09000007',
        },
      },
    ]);
    const told = [{ subscriptionId: 'camden', boroughId: 'cmd', periodStart: '2026-11-30' }];
    expect(plan('2027-03-29', told)).toEqual([]);
    expect(plan('2027-03-30', told)[0].reminders[0].periodStart).toBe('2027-03-30');
  });
});

describe(stalePeriod.name, () => {
  it.each([
    ['2026-08-01', '2026-11-29', null],
    ['2026-08-01', '2026-11-30', '2026-11-30'],
    ['2026-08-01', '2027-03-29', '2026-11-30'],
    ['2026-08-01', '2027-03-30', '2027-03-30'],
    [null, '2026-12-04', '2026-08-12'],
  ])('puts a list confirmed on %s, on %s, in the period from %s', (confirmed, asOf, period) => {
    expect(stalePeriod(confirmed, asOf, 120)).toBe(period);
  });
});
