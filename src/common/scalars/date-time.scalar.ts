import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isLocalDate } from '../dates';

const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function parse(value: unknown): Date {
  const match = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  // `new Date()` would accept "1 March" or roll 30 February over; an instant must be exact.
  if (!match || !isLocalDate(match[1])) {
    throw new GraphQLError(
      `DateTime must be an ISO 8601 instant with a time zone, e.g. 2027-03-01T09:00:00Z; got ${JSON.stringify(value)}`,
    );
  }
  return new Date(value as string);
}

/** An instant, ISO 8601 in UTC on output (`submittedAt`, `updatedAt`). */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  // RFC 3339's date-time (always with an offset); answers are always UTC with milliseconds.
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339#section-5.6',
  description: 'An instant, ISO 8601, e.g. 2027-03-01T09:00:00.000Z. Always UTC on output.',
  serialize: (value) => {
    const date = value instanceof Date ? value : new Date(value as string);
    if (Number.isNaN(date.getTime()))
      throw new GraphQLError('Cannot serialise an invalid DateTime');
    return date.toISOString();
  },
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string');
    return parse(ast.value);
  },
});
