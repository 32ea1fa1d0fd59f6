import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { recordStatements } from './helpers/count-statements';
import { codes, createTestApp, GraphQLResponse, TestApp } from './helpers/test-app';

/** Apollo's answer to a request a browser could send cross-site, in our error shape. */
const CSRF_REFUSAL = {
  errors: [
    {
      message:
        "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header (with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value for one of the following headers: x-apollo-operation-name, apollo-require-preflight\n",
      extensions: { code: 'BAD_USER_INPUT' },
    },
  ],
};

describe('Limits on what a request may ask (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterAll(() => t.close());

  const refusedBeforeExecution = async (query: string, variables?: Record<string, unknown>) => {
    let res: GraphQLResponse = { status: 0 };
    const statements = await recordStatements(t.db.dataSource, async () => {
      res = await t.gql(query, variables);
    });
    expect(codes(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.data).toBeUndefined();
    // Not even the key was looked up: the query was refused before execution.
    expect(statements).toEqual([]);
    return res;
  };

  it('refuses a query nested deeper than 8', async () => {
    const res = await refusedBeforeExecution(
      '{ suppliers { systems { borough { systems { supplier { systems { borough { systems { id } } } } } } } } }',
    );
    expect(res.errors![0].message).toBe('Query depth limit of 8 exceeded, found 9.');
    expect(res.status).toBe(400);
  });

  it('refuses more than 15 aliases', async () => {
    const fields = Array.from({ length: 16 }, (_, i) => `a${i}: categories { code }`).join(' ');
    const res = await refusedBeforeExecution(`{ ${fields} }`);
    expect(res.errors![0].message).toBe('Aliases limit of 15 exceeded, found 16.');
  });

  it('refuses a document of too many tokens', async () => {
    const res = await refusedBeforeExecution(`{ categories { ${'code '.repeat(2100)} } }`);
    expect(res.errors![0].message).toBe('Token limit of 2000 exceeded.');
  });

  it('refuses a query whose lists multiply past the cost limit', async () => {
    const res = await refusedBeforeExecution(
      '{ systems(limit: 10000) { supplier { systems { borough { systems { id name } } } } } }',
    );
    // 1 + 10000 × (supplier 1 + systems 1 + 50 × (borough 1 + systems 1 + 10 × 2)).
    expect(res.errors![0].message).toBe(
      'Query is too costly: 11020001 exceeds the limit of 300000. Ask for fewer items or fields.',
    );
  });

  it('costs the same document afresh for each set of variables, however often it is sent', async () => {
    const query = `query Costed($limit: Int!) {
      systems(limit: $limit) { supplier { systems { borough { name } } } }
    }`;
    // What an allowed answer must be: the first `limit` systems, each with its supplier's systems.
    const all = await t.gql(`{ systems(limit: 10000) { supplier { id } } }`);
    const suppliers = await t.gql(`{ suppliers { id systems { borough { name } } } }`);
    const systemsOf = new Map(
      suppliers.data!.suppliers.map((s: { id: string; systems: unknown[] }) => [s.id, s.systems]),
    );
    const expected = (limit: number) => ({
      systems: all.data!.systems.slice(0, limit).map((s: { supplier: { id: string } }) => ({
        supplier: { systems: systemsOf.get(s.supplier.id) },
      })),
    });
    expect(all.data!.systems).toHaveLength(330);
    // 1 + limit × (1 + 1 + 50 × (1 + 1)) = 1 + 102 × limit: 2,000 is within the limit, 3,000 not.
    for (const [limit, allowed] of [
      [2000, true],
      [3000, false],
      [2000, true],
      [3000, false],
      [10, true],
    ] as const) {
      if (allowed) {
        const res = await t.gql(query, { limit });
        expect(res.errors).toBeUndefined();
        expect(res.data).toEqual(expected(limit));
      } else {
        const res = await refusedBeforeExecution(query, { limit });
        expect(res.errors![0].message).toBe(
          `Query is too costly: ${1 + 102 * limit} exceeds the limit of 300000. Ask for fewer items or fields.`,
        );
      }
    }
  });

  it('refuses a fragment bomb that is too large to estimate', async () => {
    const fragments = Array.from({ length: 12 }, (_, i) =>
      i === 0
        ? 'fragment F0 on Query { __typename }'
        : `fragment F${i} on Query { ${Array.from({ length: 10 }, () => `...F${i - 1}`).join(' ')} }`,
    ).join(' ');
    const res = await t
      .http()
      .post('/graphql')
      .set('authorization', 'Bearer demo-admin')
      .send({
        query: `query { ...F11 systems(limit: 10000) { supplier { systems { supplier { systems { id } } } } } } ${fragments}`,
      });
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].message).toBe(
      'Query is too complex to estimate: it has too many fields.',
    );
    expect(res.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a null for a required argument before anything runs', async () => {
    let res: GraphQLResponse = { status: 0 };
    const statements = await recordStatements(t.db.dataSource, async () => {
      res = await t.gql(
        'query($g: String = "E09000007") { borough(gssCode: $g) { id } systems(limit: 10) { id } }',
        { g: null },
      );
    });
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.data).toBeUndefined();
    expect(statements).toEqual([]);
  });

  it('answers a subscription operation, which the schema does not have, as bad input', async () => {
    const res = await t.gql('subscription { boroughs { id } }');
    expect(res.status).toBe(200);
    expect(res.data).toBeNull();
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toBe(
      'Schema is not configured to execute subscription operation.',
    );
  });

  it('refuses a variable nested thousands deep with 400, not a crash', async () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = [deep];
    const res = await t
      .http()
      .post('/graphql')
      .set('authorization', 'Bearer demo-admin')
      .send({
        query: 'query($x: String) { suppliers(search: $x) { id } }',
        variables: { x: deep },
      });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers the everyday nested query well within the limits', async () => {
    const res = await t.gql(
      '{ boroughs { name systems { name supplier { name } category { name } product { name } } } }',
      {},
      'demo-coordinator',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.boroughs).toHaveLength(33);
    for (const b of res.data!.boroughs) expect(b.systems).toHaveLength(10);
  });

  it('refuses batched requests', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('authorization', 'Bearer demo-admin')
      .send([{ query: '{ categories { code } }' }, { query: '{ categories { name } }' }]);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [{ message: 'Operation batching disabled.', extensions: { code: 'BAD_USER_INPUT' } }],
    });
  });

  it('answers a body over 1 MB with 413 and a clear error, and over 24 MB from a key that may import', async () => {
    const send = (key: string, size: number) =>
      t
        .http()
        .post('/graphql')
        .set('authorization', `Bearer ${key}`)
        .set('content-type', 'application/json')
        .send(
          JSON.stringify({ query: '{ categories { code } }', variables: { x: 'x'.repeat(size) } }),
        );
    const refusal = (limit: string) => ({
      errors: [
        {
          message: `The request body is larger than ${limit}.`,
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    for (const key of ['demo-coordinator', 'not-a-key']) {
      const res = await send(key, 1_100_000);
      expect([key, res.status, res.body]).toEqual([key, 413, refusal('1MB')]);
    }
    // A notices file for proposeSystemsFromOcds (up to 10 MB) may come from a key that imports.
    expect((await send('demo-admin', 1_100_000)).status).toBe(200);
    const huge = await send('demo-admin', 25 * 2 ** 20);
    expect([huge.status, huge.body]).toEqual([413, refusal('24MB')]);
  });

  it('answers malformed JSON with 400 and a clear error', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send('{"query": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      errors: [
        { message: 'The request body is not valid JSON.', extensions: { code: 'BAD_USER_INPUT' } },
      ],
    });
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('reads a body sent with Content-Encoding: %s', async (coding, compress) => {
    const plain = await t.gql('{ categories { code } }');
    expect(plain.data!.categories).toHaveLength(17);
    const res = await t
      .http()
      .post('/graphql')
      .set('authorization', 'Bearer demo-admin')
      .set('content-type', 'application/json')
      .set('content-encoding', coding)
      // As bytes: superagent would otherwise write a Buffer out as JSON.
      .serialize((body: Buffer) => body as unknown as string)
      .send(compress(JSON.stringify({ query: '{ categories { code } }' })));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: plain.data });
  });

  it('refuses a compressed body that inflates past 1 MB, and unknown encodings and charsets', async () => {
    const post = (type: string) =>
      t
        .http()
        .post('/graphql')
        .set('authorization', 'Bearer demo-coordinator')
        .set('content-type', type);
    const bomb = gzipSync(
      JSON.stringify({ query: '{ categories { code } }', variables: { x: 'x'.repeat(2_000_000) } }),
    );
    expect(bomb.length).toBeLessThan(10_000);
    const inflated = await post('application/json')
      .set('content-encoding', 'gzip')
      .serialize((body: Buffer) => body as unknown as string)
      .send(bomb);
    expect(inflated.status).toBe(413);
    expect(inflated.body.errors[0].message).toBe('The request body is larger than 1MB.');
    const unknown = await post('application/json').set('content-encoding', 'zstd').send('{}');
    expect(unknown.status).toBe(415);
    expect(unknown.body).toEqual({
      errors: [
        {
          message: 'Content-Encoding "zstd" is not supported: send identity, gzip, deflate or br.',
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    const utf16 = await post('application/json; charset=utf-16').send('{}');
    expect(utf16.status).toBe(415);
    expect(utf16.body).toEqual({
      errors: [
        {
          message: 'Charset "utf-16" is not supported: send UTF-8.',
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    const ok = await post('application/json; charset=UTF-8').send(
      '{"query":"{ categories { code } }"}',
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ data: (await t.gql('{ categories { code } }')).data });
  });

  it('bounds bodies of every type, not only JSON', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send('x'.repeat(1_100_000));
    expect(res.status).toBe(413);
    expect(res.body.errors[0].message).toBe('The request body is larger than 1MB.');
  });

  it('answers a multipart or untyped POST with GraphQL’s own refusal', async () => {
    const multipart = await t
      .http()
      .post('/graphql')
      .set('authorization', 'Bearer demo-admin')
      .field('query', '{ categories { code } }');
    expect(multipart.status).toBe(400);
    expect(JSON.parse(multipart.text)).toEqual(CSRF_REFUSAL);
  });

  it('blocks requests a browser could send cross-site (CSRF)', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send('{"query":"{ categories { code } }"}');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual(CSRF_REFUSAL);
  });

  it('sends security headers and a request id', async () => {
    const res = await t.http().get('/health').set('x-request-id', 'trace-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-request-id']).toBe('trace-123');
    const fresh = await t.http().get('/health').set('x-request-id', 'no spaces allowed');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('shows a browser at /graphql the GraphQL IDE from its own files, loading nothing from elsewhere', async () => {
    const res = await t.http().get('/graphql').set('accept', 'text/html');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<script src="/assets/console/graphiql-start.js"></script>');
    expect(res.text).toContain("-H 'authorization: Bearer &lt;your key&gt;'");
    expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)|https?:\/\/(?!localhost)/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers GraphQL with the request id and without a framework banner or an ETag', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('authorization', 'Bearer demo-admin')
      .set('x-request-id', 'trace-456')
      .send({ query: '{ categories { code } }' });
    expect(res.status).toBe(200);
    expect(res.headers['x-request-id']).toBe('trace-456');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['etag']).toBeUndefined();
  });
});

/** A 429 in GraphQL's shape, its wait (what is left of the minute, by the real clock) as in Retry-After. */
function expectRateLimited(
  res: { status: number; headers: Record<string, string>; body: unknown },
  max: number,
): void {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.body).toEqual({
    errors: [
      {
        message: `Too many requests: at most ${max} a minute. Try again in ${retryAfter} s.`,
        extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
      },
    ],
  });
}

describe('Rate limiting (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
  });
  afterAll(() => t.close());

  it('answers the sixth request of a minute from one key with RATE_LIMITED and Retry-After', async () => {
    for (let i = 0; i < 5; i++)
      expect((await t.gql('{ categories { code } }', {}, 'demo-cmd')).errors).toBeUndefined();
    const res = await t
      .http()
      .post('/graphql')
      .set('authorization', 'Bearer demo-cmd')
      .send({ query: '{ categories { code } }' });
    expectRateLimited(res, 5);
    expect(res.headers['ratelimit-limit']).toBe('5');
    expect(res.headers['ratelimit-remaining']).toBe('0');
    // Another key has its own allowance.
    expect((await t.gql('{ categories { code } }', {}, 'demo-hck')).errors).toBeUndefined();
  });

  it('counts requests without a key by address', async () => {
    for (let i = 0; i < 5; i++)
      expect(codes(await t.gql('{ categories { code } }', {}, null))).toEqual(['UNAUTHENTICATED']);
    const res = await t.http().post('/graphql').send({ query: '{ categories { code } }' });
    expectRateLimited(res, 5);
  });

  it('counts the downloads with the key, and leaves /health and the template alone', async () => {
    const download = () =>
      t.http().get('/exports/clusters.csv').set('authorization', 'Bearer demo-coordinator');
    for (let i = 0; i < 5; i++) expect((await download()).status).toBe(200);
    expectRateLimited(await download(), 5);
    for (let i = 0; i < 8; i++) {
      expect((await t.http().get('/health')).status).toBe(200);
      expect((await t.http().get('/templates/top-systems.csv')).status).toBe(200);
    }
  });
});

describe('Rate limiting by address (e2e)', () => {
  it('caps an address at ten times the per-key limit however many made-up keys it sends', async () => {
    // A fresh instance, so that no earlier request from this address counts.
    const t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const junk = await Promise.all(
        Array.from({ length: 51 }, (_, i) =>
          t
            .http()
            .post('/graphql')
            .set('authorization', `Bearer junk-${i}`)
            .send({ query: '{ categories { code } }' }),
        ),
      );
      // Each made-up key is within its own allowance of 5; the address's 50 run out at the 51st.
      const refused = junk.filter((r) => r.status !== 200);
      expect(refused).toHaveLength(1);
      expectRateLimited(refused[0], 50);
      for (const r of junk.filter((r) => r.status === 200)) {
        expect(
          r.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code),
        ).toEqual(['UNAUTHENTICATED']);
      }
    } finally {
      await t.close();
    }
  });
});

describe('Rate limiting by route (e2e)', () => {
  it('counts a request however its path is spelt, and GET as well as POST', async () => {
    const t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '4' });
    try {
      const query = '{ categories { code } }';
      const statuses = [];
      for (const path of ['/graphql', '/%67raphql', '/graphq%6C', '/graphql?x=1']) {
        const res = await t
          .http()
          .post(path)
          .set('authorization', 'Bearer demo-admin')
          .send({ query });
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200]);
      const get = await t
        .http()
        .get('/graphql')
        .query({ query })
        .set('authorization', 'Bearer demo-admin')
        .set('apollo-require-preflight', 'true');
      expect(get.status).toBe(429);
      expect((await t.http().get('/health')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

describe('Rate limiting behind a proxy (e2e)', () => {
  const anonymous = (t: TestApp, from: string) =>
    t
      .http()
      .post('/graphql')
      .set('x-forwarded-for', from)
      .send({ query: '{ categories { code } }' });

  it('with TRUST_PROXY, counts each caller by the address the proxy forwards', async () => {
    const t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await anonymous(t, '203.0.113.7');
        expect(res.status).toBe(200);
        expect(res.headers['ratelimit-limit']).toBe('3');
        expect(res.headers['ratelimit-remaining']).toBe(String(2 - i));
      }
      expect((await anonymous(t, '203.0.113.7')).status).toBe(429);
      expect((await anonymous(t, '203.0.113.8')).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('without TRUST_PROXY, ignores X-Forwarded-For, which anyone can send', async () => {
    const t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '3' });
    try {
      for (let i = 0; i < 3; i++) expect((await anonymous(t, `203.0.113.${i}`)).status).toBe(200);
      expect((await anonymous(t, '203.0.113.99')).status).toBe(429);
    } finally {
      await t.close();
    }
  });
});
