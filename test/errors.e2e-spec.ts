import { CAMDEN, CURRENT, entry, SUBMIT } from './helpers/lists';
import { codes, createTestApp, TestApp } from './helpers/test-app';

describe('Bad input (e2e)', () => {
  let t: TestApp;
  let before: unknown;
  beforeAll(async () => {
    t = await createTestApp();
    before = (await t.gql(CURRENT, { gssCode: CAMDEN })).data;
  });
  afterAll(() => t.close());

  /** Every refusal must leave the list exactly as it was. */
  afterEach(async () => {
    expect((await t.gql(CURRENT, { gssCode: CAMDEN })).data).toEqual(before);
  });

  const submit = (systems: unknown[]) => t.gql(SUBMIT, { gssCode: CAMDEN, systems });
  const fourValid = () => [entry(1), entry(2), entry(3), entry(4)];

  it.each([
    [
      'an impossible date',
      { contractEnd: '2027-02-30' },
      'systems.3.contractEnd',
      'must be a real date written YYYY-MM-DD, from 1900-01-01 to 2199-12-31',
    ],
    [
      'a date in another format',
      { contractEnd: '30/06/2027' },
      'systems.3.contractEnd',
      'must be a real date written YYYY-MM-DD, from 1900-01-01 to 2199-12-31',
    ],
    [
      'a max extent before the end',
      { maxExtentDate: '2027-06-29' },
      'systems.3.maxExtentDate',
      'must be on or after contractEnd (2027-06-30)',
    ],
    [
      'a start after the end',
      { contractStart: '2027-07-01' },
      'systems.3.contractStart',
      'must be on or before contractEnd (2027-06-30)',
    ],
    [
      'negative annual value',
      { annualValueGbp: -1 },
      'systems.3.annualValueGbp',
      'must be whole pounds, 0 or more',
    ],
    [
      'negative total value',
      { totalValueGbp: -5 },
      'systems.3.totalValueGbp',
      'must be whole pounds, 0 or more',
    ],
    [
      'fractional total value',
      { totalValueGbp: 10.5 },
      'systems.3.totalValueGbp',
      'must be whole pounds, 0 or more',
    ],
    [
      'an unknown category',
      { categoryCode: 'toasters' },
      'systems.3.categoryCode',
      'is not a known category code ("toasters"); see the categories query',
    ],
    [
      'a bad Companies House number',
      { supplierCompaniesHouseNumber: '1234' },
      'systems.3.supplierCompaniesHouseNumber',
      'must be a Companies House number: 8 digits, or 2 letters and 6 digits (e.g. SC123456)',
    ],
    ['rank 0', { rank: 0 }, 'systems.3.rank', 'must be a whole number from 1 to 10'],
    ['rank 11', { rank: 11 }, 'systems.3.rank', 'must be a whole number from 1 to 10'],
    [
      'a notice period over two years',
      { noticePeriodDays: 731 },
      'systems.3.noticePeriodDays',
      'must be a whole number of days from 0 to 730',
    ],
    [
      'notes over 2000 characters',
      { notes: 'x'.repeat(2001) },
      'systems.3.notes',
      'must be at most 2000 characters',
    ],
    [
      'a name over 200 characters',
      { name: 'x'.repeat(201) },
      'systems.3.name',
      'must be at most 200 characters',
    ],
    ['a blank name', { name: '   ' }, 'systems.3.name', 'must not be empty'],
    ['a blank supplier', { supplierName: '' }, 'systems.3.supplierName', 'must not be empty'],
    [
      'an unknown hosting value',
      { hosting: 'MOON' },
      'systems.3.hosting',
      'Value "MOON" does not exist in "Hosting" enum.',
    ],
    [
      'a missing end date',
      { contractEnd: undefined },
      'systems.3.contractEnd',
      'Field "contractEnd" of required type "String!" was not provided.',
    ],
    [
      'an unknown field',
      { colour: 'red' },
      'systems.3.colour',
      'Field "colour" is not defined by type "ItSystemInput".',
    ],
  ])('refuses %s with BAD_USER_INPUT naming the field', async (_, change, path, message) => {
    const systems = fourValid();
    systems[3] = { ...systems[3], ...change };
    for (const [k, v] of Object.entries(change)) if (v === undefined) delete systems[3][k];
    const res = await submit(systems);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions.fieldErrors).toEqual([{ path, message }]);
  });

  it('refuses two entries at rank 3', async () => {
    const res = await submit([entry(1), entry(3), entry(3, { contractReference: 'OTHER' })]);
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      { path: 'systems.2.rank', message: 'repeats rank 3 of systems.1' },
    ]);
  });

  it('refuses two entries with one contract reference', async () => {
    const res = await submit([
      entry(1, { contractReference: 'X-1' }),
      entry(2, { contractReference: 'x-1' }),
    ]);
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      {
        path: 'systems.1.contractReference',
        message: 'repeats the contract reference of systems.0',
      },
    ]);
  });

  it('refuses more than ten entries', async () => {
    const res = await submit(
      Array.from({ length: 11 }, (_, i) => entry((i % 10) + 1, { contractReference: `R${i}` })),
    );
    expect(res.errors![0].extensions.fieldErrors![0]).toEqual({
      path: 'systems',
      message: 'must have at most 10 entries (got 11)',
    });
  });

  it('refuses an empty list', async () => {
    const res = await submit([]);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      { path: 'systems', message: 'must have at least one entry' },
    ]);
  });

  it('reports every bad field of every entry at once', async () => {
    const res = await submit([
      entry(1, { annualValueGbp: -1, categoryCode: 'nope' }),
      entry(2),
      entry(2, { contractReference: 'R-x', maxExtentDate: '2020-01-01' }),
    ]);
    expect(res.errors![0].extensions.fieldErrors!.map((e) => e.path).sort()).toEqual([
      'systems.0.annualValueGbp',
      'systems.0.categoryCode',
      'systems.2.maxExtentDate',
      'systems.2.rank',
    ]);
  });

  it("names a malformed date in the same answer as the entry's other bad fields", async () => {
    const res = await submit([
      entry(1, { contractEnd: '31/03/2027', categoryCode: 'nope' }),
      entry(2, { contractStart: '2027-02-30', annualValueGbp: -1 }),
      entry(2, { contractReference: 'R-x', maxExtentDate: '' }),
    ]);
    expect(res.status).toBe(200);
    const date = 'must be a real date written YYYY-MM-DD, from 1900-01-01 to 2199-12-31';
    expect(res.errors!.map((e) => e.extensions)).toEqual([
      {
        code: 'BAD_USER_INPUT',
        fieldErrors: [
          { path: 'systems.0.contractEnd', message: date },
          { path: 'systems.0.categoryCode', message: expect.stringContaining('not a known') },
          { path: 'systems.1.contractStart', message: date },
          { path: 'systems.1.annualValueGbp', message: 'must be whole pounds, 0 or more' },
          { path: 'systems.2.maxExtentDate', message: date },
          { path: 'systems.2.rank', message: expect.stringContaining('rank 2') },
        ],
      },
    ]);
  });

  it('names every wrongly typed value of a submission in one answer', async () => {
    const res = await submit([
      entry(1, { rank: 'one' }),
      entry(2, { rank: 2.5, contractEnd: 20270630 }),
    ]);
    expect(res.status).toBe(400);
    expect(res.errors!.map((e) => e.extensions)).toEqual([
      {
        code: 'BAD_USER_INPUT',
        fieldErrors: [
          { path: 'systems.0.rank', message: 'Int cannot represent non-integer value: "one"' },
        ],
      },
      {
        code: 'BAD_USER_INPUT',
        fieldErrors: [
          {
            path: 'systems.1.contractEnd',
            message: 'String cannot represent a non string value: 20270630',
          },
        ],
      },
      {
        code: 'BAD_USER_INPUT',
        fieldErrors: [
          { path: 'systems.1.rank', message: 'Int cannot represent non-integer value: 2.5' },
        ],
      },
    ]);
  });

  it('answers a wrongly typed variable with BAD_USER_INPUT naming it', async () => {
    const res = await t.gql(SUBMIT, {
      gssCode: CAMDEN,
      expectedVersion: 'one',
      systems: [entry(1)],
    });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions.fieldErrors!.map((e) => e.path)).toEqual(['expectedVersion']);
  });

  describe('in a variable GraphQL itself rejects, names the argument, not the variable', () => {
    const BAD_RANK = 'Int cannot represent non-integer value: "one"';
    const BAD_DATE =
      'Date must be a real calendar date written YYYY-MM-DD, from 1900-01-01 to 2199-12-31; got "2027-02-30"';
    const LITERAL = `{ rank: $rank, name: "x", categoryCode: "erp", supplierName: "y", contractEnd: "2027-06-30" }`;
    it.each([
      [
        'a whole argument',
        `mutation($s: [ItSystemInput!]!) { submitTopSystems(gssCode: "${CAMDEN}", systems: $s) { version } }`,
        { s: [entry(1, { rank: 'one' })] },
        'systems.0.rank',
        BAD_RANK,
      ],
      [
        'a field of an input object literal',
        `mutation($rank: Int!) { upsertSystem(gssCode: "${CAMDEN}", system: ${LITERAL}) { version } }`,
        { rank: 'one' },
        'system.rank',
        BAD_RANK,
      ],
      [
        'an item of a list literal',
        `mutation($a: ItSystemInput!, $b: ItSystemInput!) { submitTopSystems(gssCode: "${CAMDEN}", systems: [$a, $b]) { version } }`,
        { a: entry(1), b: entry(2, { rank: 'one' }) },
        'systems.1.rank',
        BAD_RANK,
      ],
      [
        'a query argument',
        'query($in: ClusterInput) { expiryClusters(input: $in) { key } }',
        { in: { asOf: '2027-02-30' } },
        'input.asOf',
        BAD_DATE,
      ],
    ])('in %s', async (_, query, variables, path, message) => {
      const res = await t.gql(query, variables);
      expect(res.status).toBe(400);
      expect(res.data).toBeUndefined();
      expect(res.errors!.map((e) => e.extensions)).toEqual([
        { code: 'BAD_USER_INPUT', fieldErrors: [{ path, message }] },
      ]);
    });

    it('names a missing field of a variable under its argument', async () => {
      const system = entry(1);
      delete system.contractEnd;
      const res = await t.gql(
        `mutation($x: ItSystemInput!) { upsertSystem(gssCode: "${CAMDEN}", system: $x) { version } }`,
        { x: system },
      );
      expect(res.errors![0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fieldErrors: [
          {
            path: 'system.contractEnd',
            message: 'Field "contractEnd" of required type "String!" was not provided.',
          },
        ],
      });
    });

    it.each([
      ['left out', {}],
      ['sent as null', { s: null }],
    ])('names a required variable %s by its argument', async (_, variables) => {
      const res = await t.gql(
        `mutation($s: [ItSystemInput!]!) { submitTopSystems(gssCode: "${CAMDEN}", systems: $s) { version } }`,
        variables,
      );
      expect(res.status).toBe(400);
      expect(res.errors!.map((e) => e.extensions)).toEqual([
        { code: 'BAD_USER_INPUT', fieldErrors: [{ path: 'systems', message: 'is required' }] },
      ]);
    });

    it('names a variable used in two places by its own name', async () => {
      const res = await t.gql(
        'query($g: String!) { a: borough(gssCode: $g) { id } b: borough(gssCode: $g) { id } }',
        {
          g: 7,
        },
      );
      expect(res.errors![0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fieldErrors: [{ path: 'g', message: 'String cannot represent a non string value: 7' }],
      });
    });
  });

  it.each([
    ['a NUL character', 'Camden\u0000'],
    ['a lone surrogate', 'Camden \ud800'],
  ])('refuses text with %s, naming where it is', async (_, notes) => {
    const res = await submit([entry(1), entry(2, { notes })]);
    expect(res.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fieldErrors: [
        {
          path: 'systems.1.notes',
          message: 'contains a character that is not valid text (NUL or a lone surrogate)',
        },
      ],
    });
  });

  it('refuses a query whose own text has a NUL, every time it is sent, with its variables too', async () => {
    const query = `query($name: String!) {\n  suppliers(search: "Civica\\u0000") { id }\n  a: suppliers(search: $name) { id }\n}`;
    for (const name of ['Capita', 'Capita\u0000', 'Capita']) {
      const res = await t.gql(query, { name });
      expect(res.data).toBeUndefined();
      expect(res.errors![0].extensions).toEqual({
        code: 'BAD_USER_INPUT',
        fieldErrors: [
          ...(name === 'Capita' ? [] : [{ path: 'name', message: expect.any(String) }]),
          { path: '(query text, line 2)', message: expect.stringMatching(/not valid text/) },
        ],
      });
    }
    const clean = await t.gql(query.replace('\\u0000', ''), { name: 'Capita' });
    expect(clean.errors).toBeUndefined();
  });

  it('answers unparseable GraphQL with GRAPHQL_PARSE_FAILED', async () => {
    const res = await t.gql('{ boroughs { ');
    expect(codes(res)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('answers a query for an unknown field with GRAPHQL_VALIDATION_FAILED', async () => {
    const res = await t.gql('{ boroughs { colour } }');
    expect(codes(res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  it('names a bad field of an upsert under system', async () => {
    const res = await t.gql(
      `mutation($system: ItSystemInput!) { upsertSystem(gssCode: "${CAMDEN}", system: $system) { version } }`,
      { system: entry(4, { annualValueGbp: -3, categoryCode: 'toasters' }) },
    );
    expect(res.errors![0].extensions.fieldErrors).toEqual([
      { path: 'system.annualValueGbp', message: 'must be whole pounds, 0 or more' },
      {
        path: 'system.categoryCode',
        message: 'is not a known category code ("toasters"); see the categories query',
      },
    ]);
  });

  it('answers an upsert with an impossible date naming it under system', async () => {
    const res = await t.gql(
      `mutation($system: ItSystemInput!) { upsertSystem(gssCode: "${CAMDEN}", system: $system) { version } }`,
      { system: entry(4, { contractEnd: '2027-13-01' }) },
    );
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions.fieldErrors!.map((e) => e.path)).toEqual([
      'system.contractEnd',
    ]);
  });
});
