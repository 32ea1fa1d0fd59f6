import { variableFieldError } from './format-error';

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
  ])('locates the field of %j', (message, path) => {
    expect(variableFieldError(message)?.path).toBe(path);
  });

  it('ignores messages that are not about variables', () => {
    expect(variableFieldError('Cannot query field "x" on type "Query".')).toBeUndefined();
  });
});
