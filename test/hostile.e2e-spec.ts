import { connect, Socket } from 'node:net';
import { AddressInfo } from 'node:net';
import { Role } from '../src/access/role';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { CAMDEN, entry } from './helpers/lists';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * Requests that are the client's fault, sent to a production service: each is a 400 (or 415)
 * with a GraphQL-shaped error and the code that says what was wrong, never a 5xx, and never a
 * stack trace.
 */
describe('Hostile requests (e2e)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await createTestApp({ NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '100000' });
    admin = (await t.app.get(ApiKeysService).create({ role: Role.ADMIN, label: 'Hostile admin' }))
      .secret;
  });
  afterAll(() => t.close());

  /** Posts a body exactly as given, bytes and all. */
  const post = (body: string | Buffer) =>
    t
      .http()
      .post('/graphql')
      .set('authorization', `Bearer ${admin}`)
      .set('content-type', 'application/json')
      .serialize((b: unknown) => b as string)
      .send(body);

  const nested = (depth: number, wrap: (inner: string) => string) => {
    let value = '1';
    for (let i = 0; i < depth; i++) value = wrap(value);
    return value;
  };
  const field = 'categories { code } ';

  it.each([
    ['a syntax error', JSON.stringify({ query: '{ categories { code }' }), 'GRAPHQL_PARSE_FAILED'],
    [
      'too many tokens',
      JSON.stringify({ query: `{ ${'categories { code } '.repeat(1000)} }` }),
      'QUERY_TOO_COMPLEX',
    ],
    [
      '500 aliases',
      JSON.stringify({
        query: `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: ${field}`).join('')} }`,
      }),
      'QUERY_TOO_COMPLEX',
    ],
    [
      '1,000 directives',
      JSON.stringify({ query: `{ categories ${'@include(if: true) '.repeat(1000)}{ code } }` }),
      'QUERY_TOO_COMPLEX',
    ],
    [
      'a selection nested 3,000 deep',
      JSON.stringify({ query: `{ ${'categories { '.repeat(3000)}code${' }'.repeat(3000)} }` }),
      'QUERY_TOO_COMPLEX',
    ],
    [
      'a lone surrogate in the query text',
      '{"query":"{ categories { code } } # \\ud800"}',
      'GRAPHQL_PARSE_FAILED',
    ],
    [
      'a lone surrogate in a string literal',
      '{"query":"{ suppliers(search: \\"\\udc00\\") { id } }"}',
      'GRAPHQL_PARSE_FAILED',
    ],
    [
      'a NUL in the query text',
      '{"query":"{ categories { code } }\\u0000"}',
      'GRAPHQL_PARSE_FAILED',
    ],
    [
      'variables nested 5,000 deep in lists',
      `{"query":"query($x: String) { suppliers(search: $x) { id } }","variables":{"x":${nested(5000, (v) => `[${v}]`)}}}`,
      'BAD_USER_INPUT',
    ],
    [
      'variables nested 50,000 deep in objects',
      `{"query":"query($x: String) { suppliers(search: $x) { id } }","variables":{"x":${nested(50_000, (v) => `{"a":${v}}`)}}}`,
      'BAD_USER_INPUT',
    ],
  ])('answers %s with 400 and its code', async (_, body, code) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors[0].extensions.code).toBe(code);
    expect(typeof res.body.errors[0].message).toBe('string');
    expect(res.body.errors[0].extensions).not.toHaveProperty('stacktrace');
    expect(res.body.errors[0].message).not.toMatch(/\n\s+at /);
  });

  it('says which limit a query broke', async () => {
    const tokens = await post(JSON.stringify({ query: `{ ${field.repeat(1000)} }` }));
    expect(tokens.body.errors[0].message).toBe('Token limit of 2000 exceeded.');
    const deep = await post(
      `{"query":"query($x: String) { suppliers(search: $x) { id } }","variables":{"x":${nested(5000, (v) => `[${v}]`)}}}`,
    );
    expect(deep.body.errors[0].extensions.fieldErrors[0]).toEqual({
      path: `x${'.0'.repeat(65)}`,
      message: 'is nested more than 64 levels deep',
    });
  });

  it.each([50_001, 201])(
    'refuses a supplier search of %d characters, naming it',
    async (length) => {
      const res = await post(
        JSON.stringify({
          query: 'query($s: String) { suppliers(search: $s) { id } }',
          variables: { s: '%_'.repeat(length).slice(0, length) },
        }),
      );
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          message: 'Invalid input: search: must be at most 200 characters',
          extensions: {
            code: 'BAD_USER_INPUT',
            fieldErrors: [{ path: 'search', message: 'must be at most 200 characters' }],
          },
        }),
      ]);
    },
  );

  it('answers a search of 200 characters', async () => {
    const res = await post(
      JSON.stringify({
        query: 'query($s: String) { suppliers(search: $s) { id } }',
        variables: { s: 'x'.repeat(200) },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { suppliers: [] } });
  });

  it('refuses a body that is not UTF-8 with 415, and stores nothing', async () => {
    const version = async () =>
      (await t.gql(`{ borough(gssCode: "${CAMDEN}") { version } }`, {}, admin)).data!.borough
        .version as number;
    const before = await version();
    const text = JSON.stringify({
      query:
        'mutation($s: [ItSystemInput!]!) { submitTopSystems(gssCode: "E09000007", systems: $s) { version } }',
      variables: { s: [entry(1, { name: 'MARK' })] },
    });
    const [head, tail] = text.split('MARK');
    // "C3 28" is a broken two-byte sequence and FF is never UTF-8.
    const body = Buffer.concat([
      Buffer.from(head),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(tail),
    ]);
    const res = await post(body);
    expect(res.status).toBe(415);
    expect(res.body).toEqual({
      errors: [
        {
          message:
            'The request body is not valid UTF-8: send UTF-8 text. Nothing was read or stored.',
          extensions: { code: 'BAD_USER_INPUT' },
        },
      ],
    });
    expect(await version()).toBe(before);
    // The same body in UTF-8 is accepted: the refusal was the bytes, not the submission.
    const good = await post(
      Buffer.concat([Buffer.from(head), Buffer.from('é'), Buffer.from(tail)]),
    );
    expect(good.status).toBe(200);
    expect(good.body.data.submitTopSystems.version).toBe(before + 1);
  });
});

describe('Slow requests (e2e)', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({ REQUEST_TIMEOUT_SECONDS: '1' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  /** Opens a connection, writes `start` and nothing more; what the server answered and when it closed. */
  const trickle = (start: string) =>
    new Promise<{ answer: string; closedAfterMs: number }>((resolve, reject) => {
      const opened = Date.now();
      const socket: Socket = connect(port, '127.0.0.1', () => socket.write(start));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - opened }));
      // Never wait longer than a broken timeout would make it.
      setTimeout(() => {
        socket.destroy();
        reject(new Error('the server held the connection open'));
      }, 10_000).unref();
    });

  it('cuts 200 connections sending partial bodies with 408, and keeps serving', async () => {
    const partial =
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      'Authorization: Bearer demo-admin\r\nContent-Length: 1000\r\n\r\n{"query":"{ categ';
    const cut = await Promise.all(Array.from({ length: 200 }, () => trickle(partial)));
    for (const { answer, closedAfterMs } of cut) {
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      // One second to arrive, checked every second.
      expect(closedAfterMs).toBeLessThan(4_000);
    }
    const res = await t.gql('{ categories { code } }');
    expect(res.data!.categories).toHaveLength(17);
  });

  it('cuts a connection whose headers never end', async () => {
    const { answer, closedAfterMs } = await trickle(
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\n',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(closedAfterMs).toBeLessThan(4_000);
  });
});
