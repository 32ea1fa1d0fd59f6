import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { recordStatements } from './helpers/count-statements';
import { codes, createTestApp, GraphQLResponse, TestApp } from './helpers/test-app';

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
    expect(res.errors![0].message).toMatch(/^Aliases limit of 15 exceeded/);
  });

  it('refuses a document of too many tokens', async () => {
    const res = await refusedBeforeExecution(`{ categories { ${'code '.repeat(2100)} } }`);
    expect(res.errors![0].message).toMatch(/^Token limit of 2000 exceeded/);
  });

  it('refuses a query whose lists multiply past the cost limit', async () => {
    const res = await refusedBeforeExecution(
      '{ systems(limit: 10000) { supplier { systems { borough { systems { id name } } } } } }',
    );
    expect(res.errors![0].message).toMatch(/^Query is too costly: \d+ exceeds the limit of 300000/);
  });

  it('costs the same document afresh for each set of variables, however often it is sent', async () => {
    const query = `query Costed($limit: Int!) {
      systems(limit: $limit) { supplier { systems { borough { name } } } }
    }`;
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
        expect(res.data).toBeDefined();
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
    expect(res.status).toBeLessThan(500);
    expect(res.body.data ?? null).toBeNull();
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
    expect(res.status).toBeLessThan(500);
    expect(codes(res)).toEqual(['BAD_USER_INPUT']);
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
  });

  it('refuses batched requests', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('authorization', 'Bearer demo-admin')
      .send([{ query: '{ categories { code } }' }, { query: '{ categories { name } }' }]);
    expect(res.status).toBe(400);
  });

  it('answers a body over 1 MB with 413 and a clear error', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('authorization', 'Bearer demo-admin')
      .set('content-type', 'application/json')
      .send(
        JSON.stringify({
          query: '{ categories { code } }',
          variables: { x: 'x'.repeat(1_100_000) },
        }),
      );
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      errors: [
        { message: 'The request body is larger than 1MB.', extensions: { code: 'BAD_USER_INPUT' } },
      ],
    });
  });

  it('answers malformed JSON with 400 and a clear error', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send('{"query": ');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ])('reads a body sent with Content-Encoding: %s', async (coding, compress) => {
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
    expect(res.body.data.categories.length).toBeGreaterThan(10);
  });

  it('refuses a compressed body that inflates past 1 MB, and unknown encodings and charsets', async () => {
    const post = (type: string) =>
      t.http().post('/graphql').set('authorization', 'Bearer demo-admin').set('content-type', type);
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
    expect(unknown.body.errors[0].message).toMatch(/^Content-Encoding "zstd" is not supported/);
    const utf16 = await post('application/json; charset=utf-16').send('{}');
    expect(utf16.status).toBe(415);
    expect(utf16.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const ok = await post('application/json; charset=UTF-8').send(
      '{"query":"{ categories { code } }"}',
    );
    expect(ok.status).toBe(200);
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
    expect(multipart.text).toMatch(/Cross-Site Request Forgery/);
  });

  it('blocks requests a browser could send cross-site (CSRF)', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'text/plain')
      .send('{"query":"{ categories { code } }"}');
    expect(res.status).toBe(400);
    expect(res.text).toMatch(/Cross-Site Request Forgery/);
  });

  it('sends security headers and a request id', async () => {
    const res = await t.http().get('/health').set('x-request-id', 'trace-123');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-request-id']).toBe('trace-123');
    const fresh = await t.http().get('/health').set('x-request-id', 'no spaces allowed');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
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
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(res.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(res.body.errors[0].message).toMatch(/^Too many requests: at most 5 a minute/);
    // Another key has its own allowance.
    expect((await t.gql('{ categories { code } }', {}, 'demo-hck')).errors).toBeUndefined();
  });

  it('counts requests without a key by address', async () => {
    for (let i = 0; i < 5; i++)
      expect(codes(await t.gql('{ categories { code } }', {}, null))).toEqual(['UNAUTHENTICATED']);
    const res = await t.http().post('/graphql').send({ query: '{ categories { code } }' });
    expect(res.status).toBe(429);
  });

  it('caps an address however many made-up keys it sends', async () => {
    const junk = await Promise.all(
      Array.from({ length: 51 }, (_, i) =>
        t
          .http()
          .post('/graphql')
          .set('authorization', `Bearer junk-${i}`)
          .send({ query: '{ categories { code } }' }),
      ),
    );
    expect(junk.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });

  it('leaves /health alone', async () => {
    for (let i = 0; i < 8; i++) expect((await t.http().get('/health')).status).toBe(200);
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
