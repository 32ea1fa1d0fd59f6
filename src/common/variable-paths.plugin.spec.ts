import { parse } from 'graphql';
import { argumentPaths, variableFieldError } from './variable-paths.plugin';

describe(variableFieldError.name, () => {
  it.each([
    [
      'Variable "$systems" got invalid value "2027-02-30" at "systems[3].contractEnd"; Date must be a real calendar date written YYYY-MM-DD, got "2027-02-30"',
      'systems.3.contractEnd',
    ],
    ['Variable "$rank" got invalid value "x"; Int cannot represent non-integer value: "x"', 'rank'],
    [
      'Variable "$systems" got invalid value { rank: 1 } at "systems[0]"; Field "contractEnd" of required type "Date!" was not provided.',
      'systems.0.contractEnd',
    ],
    [
      'Variable "$system" got invalid value { colour: "red" }; Field "colour" is not defined by type "ItSystemInput".',
      'system.colour',
    ],
  ])('locates the field of %j by the variable when no argument is known', (message, path) => {
    expect(variableFieldError(message)?.path).toBe(path);
  });

  it.each([
    ['s[0].contractEnd', 'systems', 'systems.0.contractEnd'],
    ['s[10].contractEnd', 'systems', 'systems.10.contractEnd'],
    ['s', 'system.contractEnd', 'system.contractEnd'],
    ['s.contractEnd', 'systems.1', 'systems.1.contractEnd'],
  ])('names %j by the argument path %j', (at, argument, path) => {
    const message = `Variable "$s" got invalid value "2027-02-30" at "${at}"; Date must be a real calendar date`;
    expect(variableFieldError(message, new Map([['s', argument]]))).toEqual({
      path,
      message: 'Date must be a real calendar date',
    });
  });

  it('names a missing field under the argument the variable feeds', () => {
    const message =
      'Variable "$in" got invalid value {}; Field "asOf" of required type "Date!" was not provided.';
    expect(variableFieldError(message, new Map([['in', 'input']]))?.path).toBe('input.asOf');
  });

  it.each([
    'Variable "$s" of required type "[ItSystemInput!]!" was not provided.',
    'Variable "$s" of non-null type "[ItSystemInput!]!" must not be null.',
  ])('names a required variable left out or null by its argument: %s', (message) => {
    expect(variableFieldError(message, new Map([['s', 'systems']]))).toEqual({
      path: 'systems',
      message: 'is required',
    });
    expect(variableFieldError(message)?.path).toBe('s');
  });

  it('ignores messages that are not about variables', () => {
    expect(variableFieldError('Cannot query field "x" on type "Query".')).toBeUndefined();
  });
});

describe(argumentPaths.name, () => {
  const SYSTEM =
    '{ rank: 1, name: "x", categoryCode: "erp", supplierName: "y", contractEnd: $end }';
  it.each([
    [
      'a whole argument',
      'mutation($s: [ItSystemInput!]!) { submitTopSystems(gssCode: "E09000007", systems: $s) { version } }',
      { s: 'systems' },
    ],
    [
      'a field of an input object literal',
      `mutation($end: Date!) { upsertSystem(gssCode: "E09000007", system: ${SYSTEM}) { version } }`,
      { end: 'system.contractEnd' },
    ],
    [
      'list items',
      'mutation($a: ItSystemInput!, $b: ItSystemInput!) { submitTopSystems(gssCode: "E09000007", systems: [$a, $b]) { version } }',
      { a: 'systems.0', b: 'systems.1' },
    ],
    [
      'deep nesting',
      'query($x: [String!]) { expiryClusters(input: { filter: { codes: [[$x]] } }) { key } }',
      { x: 'input.filter.codes.0.0' },
    ],
    [
      'an aliased field, by its argument not its alias',
      'query($in: ClusterInput) { soon: expiryClusters(input: $in) { key } }',
      { in: 'input' },
    ],
    [
      'several fields, each variable once',
      'query($g: String!, $in: ClusterInput) { borough(gssCode: $g) { id } expiryClusters(input: $in) { key } }',
      { g: 'gssCode', in: 'input' },
    ],
    [
      'nested fields',
      'query($s: String) { boroughs { systems { supplier { systems(search: $s) { id } } } } }',
      { s: 'search' },
    ],
    ['no unused variable', 'query($unused: Int) { boroughs { id } }', {}],
    [
      'no variable used twice',
      'query($g: String!) { a: borough(gssCode: $g) { id } b: borough(gssCode: $g) { id } }',
      {},
    ],
    [
      'no variable used twice in one argument',
      'mutation($a: ItSystemInput!) { submitTopSystems(gssCode: "E09000007", systems: [$a, $a]) { version } }',
      {},
    ],
    [
      'no variable also used in a directive',
      'query($b: Boolean!) { boroughs @include(if: $b) { id } suppliers(open: $b) { id } }',
      {},
    ],
    [
      'no variable used only in a directive',
      'query($b: Boolean!) { boroughs @skip(if: $b) { id } }',
      {},
    ],
    [
      'variables in fragments the operation spreads, once however often spread',
      'query($s: String) { a: boroughs { ...F } b: boroughs { ...F } } fragment F on Borough { systems(search: $s) { id } }',
      { s: 'search' },
    ],
    [
      'variables in inline fragments',
      'query($s: String) { boroughs { ... on Borough { systems(search: $s) { id } } } }',
      { s: 'search' },
    ],
  ])('maps %s', (_, query, expected) => {
    expect(Object.fromEntries(argumentPaths(parse(query)))).toEqual(expected);
  });

  const TWO = parse(`
    query Read($s: String) { suppliers(search: $s) { id } }
    mutation Write($s: [ItSystemInput!]!) { submitTopSystems(gssCode: "E09000007", systems: $s) { version } }
  `);
  it.each([
    ['Read', { s: 'search' }],
    ['Write', { s: 'systems' }],
  ])('maps the variables of operation %s alone', (operationName, expected) => {
    expect(Object.fromEntries(argumentPaths(TWO, operationName))).toEqual(expected);
  });

  it('maps nothing when no operation has that name, or the choice is ambiguous', () => {
    expect(argumentPaths(TWO, 'Other').size).toBe(0);
    expect(argumentPaths(TWO).size).toBe(0);
  });
});
