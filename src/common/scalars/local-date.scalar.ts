import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isLocalDate, MAX_DATE, MIN_DATE } from '../dates';

function parse(value: unknown): string {
  if (!isLocalDate(value)) {
    throw new GraphQLError(
      `Date must be a real calendar date written YYYY-MM-DD, from ${MIN_DATE} to ${MAX_DATE}; got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** A calendar date in the Europe/London calendar, e.g. a contract's end date. */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  // RFC 3339's full-date, so code generators type it (as a string or a date) instead of unknown.
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  description:
    'A calendar date, YYYY-MM-DD (Europe/London calendar). Parsed strictly: 2027-02-30 is refused.',
  serialize: (value) => {
    if (typeof value === 'string' && isLocalDate(value)) return value;
    throw new GraphQLError(`Cannot serialise ${JSON.stringify(value)} as a Date`);
  },
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError('Date must be a string written YYYY-MM-DD');
    }
    return parse(ast.value);
  },
});
