import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { Role } from '../src/access/role';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { CAMDEN, entry } from './helpers/lists';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * Hostile values in every input field of every mutation (and the queries that take input), on a
 * service in production mode: never a 5xx, never INTERNAL_SERVER_ERROR, never a stack trace, and
 * after every refusal the database is exactly as it was.
 */
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }), // lone surrogates and the rest of UTF-16
  fc.string({
    unit: fc.constantFrom('\u0000', '\u0007', '\u001b', '\u202e', '\ufeff', '\r', '\n', '\t'),
    maxLength: 20,
  }),
  fc.constantFrom(
    "'; DROP TABLE borough; --",
    "' OR '1'='1",
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '${jndi:ldap://x/a}',
    '../../etc/passwd',
    '%00',
    '2027-02-30',
    '2027-13-01',
    '0000-00-00',
    '9999-12-31',
    '2027-01-01T00:00:00Z',
    '1 March',
    'E09000007',
    'E09000099',
    'NaN',
    '-0',
    '',
    ' ',
  ),
  fc.string({ minLength: 3000, maxLength: 60_000 }).map((s) => s.repeat(1)),
  fc.integer(),
  fc.constantFrom(
    2 ** 31,
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    1e308,
    -1e308,
    0.5,
    -1,
    0,
    11,
    731,
    1096,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string(), fc.integer()), { maxKeys: 3 }),
  // Deeply nested values, for code that walks input. (Deeper ones would overflow the test's own
  // JSON writer; test/hostile.e2e-spec.ts sends 50,000 levels as raw text.)
  fc.integer({ min: 10, max: 3000 }).map((depth) => {
    let value: unknown = 'x';
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { v: value };
    return value;
  }),
);

const validSystem = entry(1, { name: 'Fuzz', contractReference: 'FZ-1' });
const validSubscription = {
  email: 'fuzz@example.org',
  gssCode: CAMDEN,
  leadDays: [30],
  categoryCodes: ['erp'],
};

/** An operation and how to put a hostile value into each of its input fields. */
interface Target {
  name: string;
  query: string;
  fields: string[];
  variables: (field: string, value: unknown, ids: Ids) => Record<string, unknown>;
}
interface Ids {
  subscription: string;
  supplier: string;
  outbox: string;
}

const withField = (base: Record<string, unknown>, field: string, value: unknown) => ({
  ...base,
  [field]: value,
});
const SYSTEM_FIELDS = [
  ...Object.keys(validSystem),
  'supplierCompaniesHouseNumber',
  'productManufacturerName',
  'contractStart',
  'maxExtentDate',
  'noticePeriodDays',
  'annualValueGbp',
  'totalValueGbp',
  'hosting',
  'routeToMarket',
  'openToCollaboration',
  'notes',
  'productName',
  'colour',
];

const TARGETS: Target[] = [
  {
    name: 'auditEvents',
    query:
      'query($f: AuditFilter, $l: Int, $o: Int) { auditEvents(filter: $f, limit: $l, offset: $o) { id } }',
    fields: [
      'filter',
      'filter.action',
      'filter.gssCode',
      'filter.actorKeyId',
      'filter.from',
      'filter.to',
      'limit',
      'offset',
    ],
    variables: (field, value) =>
      field === 'limit'
        ? { l: value }
        : field === 'offset'
          ? { o: value }
          : field === 'filter'
            ? { f: value }
            : { f: { [field.split('.')[1]]: value } },
  },
  {
    name: 'suppliers',
    query: 'query($s: String) { suppliers(search: $s) { id } }',
    fields: ['search'],
    variables: (_, value) => ({ s: value }),
  },
  {
    name: 'submissions',
    query: 'query($g: String!) { submissions(gssCode: $g) { version } }',
    fields: ['gssCode'],
    variables: (_, value) => ({ g: value }),
  },
  {
    name: 'submissionAt',
    query: 'query($g: String!, $at: DateTime!) { submissionAt(gssCode: $g, at: $at) { version } }',
    fields: ['gssCode', 'at'],
    variables: (field, value) =>
      field === 'gssCode' ? { g: value, at: '2026-11-26T09:00:00Z' } : { g: CAMDEN, at: value },
  },
  {
    name: 'submitTopSystems',
    query:
      'mutation($g: String!, $s: [ItSystemInput!]!, $v: Int) { submitTopSystems(gssCode: $g, systems: $s, expectedVersion: $v) { version } }',
    fields: [
      'gssCode',
      'systems',
      'expectedVersion',
      ...SYSTEM_FIELDS.map((f) => `systems.0.${f}`),
    ],
    variables: (field, value) => {
      if (field === 'gssCode') return { g: value, s: [validSystem] };
      if (field === 'systems') return { g: CAMDEN, s: value };
      if (field === 'expectedVersion') return { g: CAMDEN, s: [validSystem], v: value };
      return { g: CAMDEN, s: [withField(validSystem, field.split('.')[2], value)] };
    },
  },
  {
    name: 'upsertSystem',
    query:
      'mutation($g: String!, $s: ItSystemInput!) { upsertSystem(gssCode: $g, system: $s) { version } }',
    fields: ['gssCode', 'system', ...SYSTEM_FIELDS.map((f) => `system.${f}`)],
    variables: (field, value) =>
      field === 'gssCode'
        ? { g: value, s: validSystem }
        : field === 'system'
          ? { g: CAMDEN, s: value }
          : { g: CAMDEN, s: withField(validSystem, field.split('.')[1], value) },
  },
  {
    name: 'removeSystem',
    query:
      'mutation($g: String!, $r: Int!, $v: Int) { removeSystem(gssCode: $g, rank: $r, expectedVersion: $v) { version } }',
    fields: ['gssCode', 'rank', 'expectedVersion'],
    variables: (field, value) => ({
      g: CAMDEN,
      r: 9,
      ...{ gssCode: { g: value }, rank: { r: value }, expectedVersion: { v: value } }[field],
    }),
  },
  {
    name: 'createAlertSubscription',
    query: 'mutation($i: AlertSubscriptionInput!) { createAlertSubscription(input: $i) { id } }',
    fields: [
      'input',
      'input.email',
      'input.gssCode',
      'input.leadDays',
      'input.leadDays.0',
      'input.categoryCodes',
      'input.categoryCodes.0',
    ],
    variables: (field, value) => {
      if (field === 'input') return { i: value };
      const [, key, index] = field.split('.');
      if (index !== undefined) return { i: { ...validSubscription, [key]: [value] } };
      return { i: withField(validSubscription, key, value) };
    },
  },
  {
    name: 'updateAlertSubscription',
    query:
      'mutation($id: ID!, $i: AlertSubscriptionInput!) { updateAlertSubscription(id: $id, input: $i) { id } }',
    fields: ['id', 'input.email', 'input.leadDays', 'input.gssCode', 'input.categoryCodes'],
    variables: (field, value, ids) =>
      field === 'id'
        ? { id: value, i: validSubscription }
        : { id: ids.subscription, i: withField(validSubscription, field.split('.')[1], value) },
  },
  {
    name: 'deleteAlertSubscription',
    query: 'mutation($id: ID!) { deleteAlertSubscription(id: $id) }',
    fields: ['id'],
    variables: (_, value) => ({ id: value }),
  },
  {
    name: 'mergeSuppliers',
    query: 'mutation($f: ID!, $i: ID!) { mergeSuppliers(fromId: $f, intoId: $i) { id } }',
    fields: ['fromId', 'intoId'],
    variables: (field, value, ids) =>
      field === 'fromId' ? { f: value, i: ids.supplier } : { f: ids.supplier, i: value },
  },
  {
    name: 'runAlerts',
    query:
      'mutation($d: Date, $dry: Boolean) { runAlerts(asOf: $d, dryRun: $dry) { emailsQueued } }',
    fields: ['asOf', 'dryRun'],
    variables: (field, value) => (field === 'asOf' ? { d: value, dry: true } : { dry: value }),
  },
  {
    name: 'requeueAlertEmails',
    query: 'mutation($ids: [ID!]!) { requeueAlertEmails(ids: $ids) { id } }',
    fields: ['ids', 'ids.0'],
    variables: (field, value) => ({ ids: field === 'ids' ? value : [value] }),
  },
  {
    name: 'systems',
    query:
      'query($f: SystemFilter, $l: Int, $o: Int) { systems(filter: $f, limit: $l, offset: $o) { id } }',
    fields: [
      'filter',
      'filter.boroughGssCodes',
      'filter.endingFrom',
      'filter.endingTo',
      'limit',
      'offset',
    ],
    variables: (field, value) =>
      field === 'limit'
        ? { l: value }
        : field === 'offset'
          ? { o: value }
          : field === 'filter'
            ? { f: value }
            : { f: { [field.split('.')[1]]: value } },
  },
  {
    name: 'expiryClusters',
    query: 'query($i: ClusterInput) { expiryClusters(input: $i) { id } }',
    fields: [
      'input',
      'input.asOf',
      'input.horizonMonths',
      'input.maxSpreadMonths',
      'input.minBoroughs',
      'input.groupBy',
      'input.useExtensions',
      'input.categoryCodes',
      'input.boroughGssCodes',
      'input.leadTimeMonths',
    ],
    variables: (field, value) => ({
      i: field === 'input' ? value : { [field.split('.')[1]]: value },
    }),
  },
  {
    name: 'suppliers',
    query: 'query($s: String) { suppliers(search: $s) { id } }',
    fields: ['search'],
    variables: (_, value) => ({ s: value }),
  },
];

describe('Fuzzed input in production mode (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let ids: Ids;

  /** Everything a mutation could change, summed up. */
  const fingerprint = async () => {
    // Every row of every table a change could touch, so a partial write of any column shows.
    const tables = [
      'borough',
      'category',
      'supplier',
      'supplier_alias',
      'product',
      'it_system',
      'submission',
      'api_key',
      'alert_subscription',
      'alert_outbox',
      'alert_delivery',
      'audit_event',
    ];
    const hash = createHash('sha256');
    for (const table of tables)
      hash.update(JSON.stringify(await t.db.dataSource.query(`SELECT * FROM ${table} ORDER BY 1`)));
    return hash.digest('hex');
  };

  beforeAll(async () => {
    t = await createTestApp({ NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '100000' });
    admin = (await t.app.get(ApiKeysService).create({ role: Role.ADMIN, label: 'Fuzz admin' }))
      .secret;
    const list = Array.from({ length: 9 }, (_, i) =>
      entry(i + 1, { supplierName: i % 2 ? 'Civica UK Ltd' : 'NEC Software Solutions UK Ltd' }),
    );
    expect(
      (
        await t.gql(
          `mutation($s: [ItSystemInput!]!) { submitTopSystems(gssCode: "${CAMDEN}", systems: $s) { version } }`,
          { s: list },
          admin,
        )
      ).errors,
    ).toBeUndefined();
    const subscription = await t.gql(
      `mutation($i: AlertSubscriptionInput!) { createAlertSubscription(input: $i) { id } }`,
      { i: validSubscription },
      admin,
    );
    const suppliers = (await t.gql('{ suppliers { id } }', {}, admin)).data!.suppliers;
    ids = {
      subscription: subscription.data!.createAlertSubscription.id,
      supplier: suppliers[0].id,
      outbox: 'none',
    };
  });
  afterAll(() => t.close());

  it('never fails inside, never leaks, and changes nothing when it refuses', async () => {
    const cases = fc.tuple(
      fc.constantFrom(
        ...TARGETS.flatMap((target) => target.fields.map((field) => [target, field] as const)),
      ),
      hostile,
    );
    let refused = 0;
    let before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(cases, async ([[target, field], value]) => {
        const res = await t
          .http()
          .post('/graphql')
          .set('authorization', `Bearer ${admin}`)
          .send({ query: target.query, variables: target.variables(field, value, ids) });
        expect(res.status).toBeLessThan(500);
        const text = JSON.stringify(res.body);
        expect(text).not.toContain('INTERNAL_SERVER_ERROR');
        expect(text).not.toMatch(/stacktrace|node_modules|\/work\/|\bat [\w.<>]+ \(/);
        const after = await fingerprint();
        if (res.body.errors?.length) {
          refused++;
          expect(after).toBe(before);
        }
        before = after;
      }),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 600),
        seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261126,
      },
    );
    expect(refused).toBeGreaterThan(200);
  });
});
