import { AddressInfo } from 'node:net';
import { AuditResult, serverAudits } from 'graphql-http';
import { createTestApp, TestApp } from './helpers/test-app';

/**
 * The GraphQL over HTTP audits of the `graphql-http` package, run against the service over real
 * HTTP with an API key: every requirement met, no answer a 5xx, and the recommendations it does
 * not follow are the ones the README explains.
 */
describe('GraphQL over HTTP conformance (e2e)', () => {
  let t: TestApp;
  let results: { name: string; result: AuditResult }[];
  const statuses: number[] = [];

  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const withKey = async (input: string | URL, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', 'Bearer demo-coordinator');
      const res = await fetch(input, { ...init, headers });
      statuses.push(res.status);
      return res;
    };
    const audits = serverAudits({ url: `http://127.0.0.1:${port}/graphql`, fetchFn: withKey });
    results = [];
    for (const audit of audits) results.push({ name: audit.name, result: await audit.fn() });
  });
  afterAll(() => t.close());

  it('meets every requirement', () => {
    expect(results.length).toBeGreaterThan(50);
    expect(results.filter((r) => r.result.status === 'error').map((r) => r.name)).toEqual([]);
  });

  it('never answers with a server error', () => {
    expect(statuses.length).toBeGreaterThanOrEqual(results.length);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
  });

  it('departs only from the recommendations the README explains', () => {
    // Apollo Server answers a request it cannot parse, validate or coerce with 400 whatever the
    // client accepts; the spec recommends 200 for clients that accept only application/json.
    expect(
      results
        .filter((r) => r.result.status === 'warn')
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      'SHOULD use 200 status code on document parsing failure when accepting application/json',
      'SHOULD use 200 status code on document validation failure when accepting application/json',
      'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
    ]);
  });
});

describe('Scalars for typed clients (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('says by introspection which standard each date scalar follows', async () => {
    const res = await t.gql(
      '{ date: __type(name: "Date") { specifiedByURL } dateTime: __type(name: "DateTime") { specifiedByURL } }',
    );
    expect(res.data).toEqual({
      date: { specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6' },
      dateTime: { specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6' },
    });
  });
});
