import { DomainError } from '../common/domain-error';
import { MAX_OCDS_BYTES, readOcds } from './read-ocds';

const release = (ocid: string, extra: object = {}) => ({
  ocid,
  id: `${ocid}-1`,
  date: '2025-01-01T00:00:00Z',
  tag: ['award'],
  initiationType: 'tender',
  ...extra,
});

/** A release as read: only the parts a proposal reads (not its tag or initiationType). */
const read = ({ ocid, id, date }: ReturnType<typeof release>) => ({ ocid, id, date });

/** The field errors a file is refused with. */
function refusal(text: string, path?: string) {
  try {
    readOcds(text, path);
  } catch (error) {
    if (error instanceof DomainError) return error.fieldErrors;
    throw error;
  }
  throw new Error('the file was read');
}

describe(readOcds.name, () => {
  it('reads a release package, a list of releases and a single release, grouping releases by ocid', () => {
    const a1 = release('ocds-a');
    const a2 = { ...release('ocds-a'), id: 'ocds-a-2' };
    const b = release('ocds-b');
    const expected = [
      { ocid: 'ocds-a', releases: [read(a1), read(a2)] },
      { ocid: 'ocds-b', releases: [read(b)] },
    ];
    expect(readOcds(JSON.stringify({ version: '1.1', releases: [a1, b, a2] }))).toEqual(expected);
    expect(readOcds(JSON.stringify([a1, b, a2]))).toEqual(expected);
    expect(readOcds(`\uFEFF${JSON.stringify(b)}`)).toEqual([
      { ocid: 'ocds-b', releases: [read(b)] },
    ]);
  });

  it('reads a record package: embedded releases, or the compiled release when the releases are links', () => {
    const compiled = release('ocds-c', { tag: ['compiled'] });
    const embedded = release('ocds-d');
    const text = JSON.stringify({
      records: [
        {
          ocid: 'ocds-c',
          releases: [{ url: 'https://example.org/p.json#1', date: '2025-01-01T00:00:00Z' }],
          compiledRelease: compiled,
        },
        { ocid: 'ocds-d', releases: [embedded] },
      ],
    });
    expect(readOcds(text)).toEqual([
      { ocid: 'ocds-c', releases: [read(compiled)] },
      { ocid: 'ocds-d', releases: [read(embedded)] },
    ]);
  });

  it.each([
    [
      'malformed JSON, with where',
      '{"releases": [\n  {"ocid": "x",}\n]}',
      'json',
      /^is not valid JSON: .* \(line 2, column 16\)$/,
    ],
    [
      'a file that is not OCDS',
      '{"name": "Camden", "contracts": []}',
      'json',
      /^is not OCDS: expected a release package/,
    ],
    ['a number', '42', 'json', /^is not OCDS/],
    [
      'releases that are not a list',
      '{"releases": {}}',
      'json.releases',
      /^must be a list of releases$/,
    ],
    [
      'a release without an ocid',
      JSON.stringify({ releases: [release('ocds-a'), { id: '1' }] }),
      'json.releases.1.ocid',
      /^is missing: every OCDS release has an ocid$/,
    ],
    [
      'awards that are not a list',
      JSON.stringify([release('ocds-a', { awards: { id: 1 } })]),
      'json.0.awards',
      /^must be a list$/,
    ],
    [
      'a value that is not a number',
      JSON.stringify([
        release('ocds-a', {
          contracts: [{ id: '1', awardID: '1', value: { amount: '£5', currency: 'GBP' } }],
        }),
      ]),
      'json.0.contracts.0.value.amount',
      /^must be a number$/,
    ],
    [
      'roles that are not text',
      JSON.stringify([release('ocds-a', { parties: [{ id: 'p', roles: 'buyer' }] })]),
      'json.0.parties.0.roles',
      /^must be a list of text$/,
    ],
    [
      'a record linking its releases without them',
      JSON.stringify({ records: [{ ocid: 'x', releases: [{ url: 'https://example.org/1' }] }] }),
      'json.records.0.releases',
      /^links to its releases without including them/,
    ],
    [
      'a record with nothing',
      JSON.stringify({ records: [{ ocid: 'x' }] }),
      'json.records.0',
      /^has neither releases nor a compiledRelease$/,
    ],
  ])('refuses %s, naming the path', (_, text, path, message) => {
    const errors = refusal(text);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(path);
    expect(errors[0].message).toMatch(message);
  });

  it('names the file it was given, and refuses one over 10 MB', () => {
    expect(refusal('nope', 'notices.json')[0].path).toBe('notices.json');
    const big = JSON.stringify({
      releases: [release('x', { description: 'x'.repeat(MAX_OCDS_BYTES) })],
    });
    expect(refusal(big)).toEqual([{ path: 'json', message: 'is larger than 10 MB' }]);
  });

  it('keeps only what a proposal reads, however deep the rest of a release goes', () => {
    // 50,000 levels: more than any recursion over the whole release could take.
    const deep = `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`;
    const odd = release('ocds-a', { awards: [{ id: 'x', documents: [{ id: { toString: 0 } }] }] });
    const text = `[${JSON.stringify(odd).slice(0, -1)},"ext":${deep}}]`;
    expect(readOcds(text)).toEqual([
      { ocid: 'ocds-a', releases: [{ ...read(release('ocds-a')), awards: [{ id: 'x' }] }] },
    ]);
  });

  it('accepts nulls anywhere OCDS allows a value to be absent', () => {
    const text = JSON.stringify([
      release('ocds-a', { awards: null, tender: { title: null, items: null } }),
    ]);
    expect(readOcds(text)).toHaveLength(1);
  });
});
