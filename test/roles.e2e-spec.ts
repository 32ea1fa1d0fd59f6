import { CAMDEN, entry, HACKNEY } from './helpers/lists';
import { codes, createTestApp, TestApp } from './helpers/test-app';

/**
 * DESIGN §6's table, cell by cell: every role against its own and another borough, for every
 * mutation and restricted query. "ok" means the operation succeeded with no error at all;
 * otherwise the one error code expected.
 */
type Setup = (t: TestApp) => Promise<Record<string, unknown>>;
interface Operation {
  name: string;
  query: string;
  variables: Setup;
  expected: Record<
    'demo-admin' | 'demo-coordinator' | 'demo-cmd' | 'demo-hck',
    'ok' | 'FORBIDDEN' | 'BAD_USER_INPUT'
  >;
}

const system = (rank: number) =>
  entry(rank, { name: `Matrix ${rank}`, contractReference: `MX-${rank}` });
const subscriptionBy = async (t: TestApp, key: string, gssCode: string | null) =>
  (
    await t.gql(
      `mutation($i: AlertSubscriptionInput!) { createAlertSubscription(input: $i) { id } }`,
      { i: { email: 'x@example.org', gssCode } },
      key,
    )
  ).data!.createAlertSubscription.id as string;

const ALL = {
  'demo-admin': 'ok',
  'demo-coordinator': 'ok',
  'demo-cmd': 'ok',
  'demo-hck': 'ok',
} as const;
const ADMIN_ONLY = {
  'demo-admin': 'ok',
  'demo-coordinator': 'FORBIDDEN',
  'demo-cmd': 'FORBIDDEN',
  'demo-hck': 'FORBIDDEN',
} as const;
const CAMDEN_LIST = {
  'demo-admin': 'ok',
  'demo-coordinator': 'FORBIDDEN',
  'demo-cmd': 'ok',
  'demo-hck': 'FORBIDDEN',
} as const;

const OPERATIONS: Operation[] = [
  {
    name: 'submitTopSystems for Camden',
    query: `mutation($s: [ItSystemInput!]!) { submitTopSystems(gssCode: "${CAMDEN}", systems: $s) { version } }`,
    variables: async () => ({ s: [system(1)] }),
    expected: CAMDEN_LIST,
  },
  {
    name: 'upsertSystem for Camden',
    query: `mutation($s: ItSystemInput!) { upsertSystem(gssCode: "${CAMDEN}", system: $s) { version } }`,
    variables: async () => ({ s: system(2) }),
    expected: CAMDEN_LIST,
  },
  {
    name: 'removeSystem for Camden',
    query: `mutation { removeSystem(gssCode: "${CAMDEN}", rank: 1) { version } }`,
    variables: async (t) => {
      await t.gql(
        `mutation($s: ItSystemInput!) { upsertSystem(gssCode: "${CAMDEN}", system: $s) { version } }`,
        { s: system(1) },
      );
      return {};
    },
    expected: CAMDEN_LIST,
  },
  {
    name: 'mergeSuppliers',
    query: `mutation($f: ID!, $i: ID!) { mergeSuppliers(fromId: $f, intoId: $i) { id } }`,
    variables: async (t) => {
      const suppliers = (await t.gql(`{ suppliers { id } }`)).data!.suppliers;
      return { f: suppliers[0].id, i: suppliers[1].id };
    },
    expected: ADMIN_ONLY,
  },
  {
    name: 'createAlertSubscription for Camden',
    query: `mutation { createAlertSubscription(input: { email: "a@example.org", gssCode: "${CAMDEN}" }) { id } }`,
    variables: async () => ({}),
    expected: {
      'demo-admin': 'ok',
      'demo-coordinator': 'ok',
      'demo-cmd': 'ok',
      'demo-hck': 'FORBIDDEN',
    },
  },
  {
    name: 'createAlertSubscription for every borough',
    query: `mutation { createAlertSubscription(input: { email: "a@example.org" }) { id } }`,
    variables: async () => ({}),
    expected: {
      'demo-admin': 'ok',
      'demo-coordinator': 'ok',
      'demo-cmd': 'FORBIDDEN',
      'demo-hck': 'FORBIDDEN',
    },
  },
  {
    name: "updateAlertSubscription of Camden's lead",
    query: `mutation($id: ID!) { updateAlertSubscription(id: $id, input: { email: "b@example.org", gssCode: "${CAMDEN}" }) { id } }`,
    variables: async (t) => ({ id: await subscriptionBy(t, 'demo-cmd', CAMDEN) }),
    expected: {
      'demo-admin': 'ok',
      'demo-coordinator': 'ok',
      'demo-cmd': 'ok',
      'demo-hck': 'FORBIDDEN',
    },
  },
  {
    name: "updateAlertSubscription of an admin's for Camden",
    query: `mutation($id: ID!) { updateAlertSubscription(id: $id, input: { email: "b@example.org", gssCode: "${CAMDEN}" }) { id } }`,
    variables: async (t) => ({ id: await subscriptionBy(t, 'demo-admin', CAMDEN) }),
    expected: {
      'demo-admin': 'ok',
      'demo-coordinator': 'ok',
      'demo-cmd': 'FORBIDDEN',
      'demo-hck': 'FORBIDDEN',
    },
  },
  {
    name: "deleteAlertSubscription of Camden's lead",
    query: `mutation($id: ID!) { deleteAlertSubscription(id: $id) }`,
    variables: async (t) => ({ id: await subscriptionBy(t, 'demo-cmd', CAMDEN) }),
    expected: {
      'demo-admin': 'ok',
      'demo-coordinator': 'ok',
      'demo-cmd': 'ok',
      'demo-hck': 'FORBIDDEN',
    },
  },
  {
    name: "deleteAlertSubscription of Hackney's lead",
    query: `mutation($id: ID!) { deleteAlertSubscription(id: $id) }`,
    variables: async (t) => ({ id: await subscriptionBy(t, 'demo-hck', HACKNEY) }),
    expected: {
      'demo-admin': 'ok',
      'demo-coordinator': 'ok',
      'demo-cmd': 'FORBIDDEN',
      'demo-hck': 'ok',
    },
  },
  {
    name: 'runAlerts (dry)',
    query: `mutation { runAlerts(dryRun: true) { emailsQueued } }`,
    variables: async () => ({}),
    expected: ADMIN_ONLY,
  },
  {
    name: 'runAlerts',
    query: `mutation { runAlerts { emailsQueued } }`,
    variables: async () => ({}),
    expected: ADMIN_ONLY,
  },
  {
    name: 'alertOutbox',
    query: `{ alertOutbox { id } }`,
    variables: async () => ({}),
    expected: ADMIN_ONLY,
  },
  {
    name: 'requeueAlertEmails',
    query: `mutation($ids: [ID!]!) { requeueAlertEmails(ids: $ids) { id } }`,
    // An admin gets past the role check to the (refused) id.
    variables: async () => ({ ids: ['no-such-email'] }),
    expected: { ...ADMIN_ONLY, 'demo-admin': 'BAD_USER_INPUT' },
  },
  {
    name: 'auditEvents',
    query: `{ auditEvents(limit: 1) { id } }`,
    variables: async () => ({}),
    expected: ADMIN_ONLY,
  },
  {
    name: 'alertSubscriptions',
    query: `{ alertSubscriptions { id } }`,
    variables: async () => ({}),
    expected: ALL,
  },
  {
    name: 'reads',
    query: `{ boroughs { id } categories { code } suppliers { id } systems(limit: 1) { id } submissions(gssCode: "${CAMDEN}") { version } expiryClusters { id } }`,
    variables: async () => ({}),
    expected: ALL,
  },
];

describe('Who may do what: the role matrix (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const cells = OPERATIONS.flatMap((op) =>
    (Object.keys(op.expected) as (keyof Operation['expected'])[]).map(
      (key) => [op.name, key, op.expected[key], op] as const,
    ),
  );

  it.each(cells)('%s as %s: %s', async (_, key, expected, op) => {
    const res = await t.gql(op.query, await op.variables(t), key);
    expect(res.errors ? codes(res) : 'ok').toEqual(expected === 'ok' ? 'ok' : [expected]);
  });

  it('refuses every operation without a key', async () => {
    for (const op of OPERATIONS) {
      const res = await t.gql(op.query, await op.variables(t), null);
      expect(codes(res)).toContain('UNAUTHENTICATED');
    }
  });
});
