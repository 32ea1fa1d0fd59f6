import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode, FieldError } from './domain-error';
import { ARMOR_REFUSAL, TOKEN_REFUSAL } from './query-limits';

// Suggestions map the schema for whoever probes it; production keeps them to itself.
const SUGGESTION = / ?(Did you mean [^?]*|\[Suggestion hidden\])\??/g;

const PASSED_THROUGH = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
]);
// Apollo's own codes for malformed requests are bad input in the register's vocabulary.
const AS_BAD_INPUT = new Set([
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * The one place errors become GraphQL errors (DESIGN §3): a DomainError keeps its code and field
 * errors; anything unexpected is answered INTERNAL_SERVER_ERROR with no internals (in production, no
 * stack trace either). errorLogPlugin logs each, with the request's id.
 */
export function formatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const base = {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
    };

    if (original instanceof DomainError) {
      return {
        ...base,
        message: original.message,
        extensions: {
          code: original.code,
          ...(original.fieldErrors.length > 0 ? { fieldErrors: original.fieldErrors } : {}),
          ...original.extra,
        },
      };
    }

    const armor = ARMOR_REFUSAL.exec(formatted.message);
    if (armor) {
      return { ...base, message: armor[1], extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
    }
    const tokens = TOKEN_REFUSAL.exec(formatted.message);
    if (tokens) {
      return {
        message: `Token limit of ${tokens[1]} exceeded.`,
        extensions: { code: ErrorCode.QUERY_TOO_COMPLEX },
      };
    }
    if (production) base.message = base.message.replace(SUGGESTION, '');
    // An error graphql-js raised about the request itself (no error of ours behind it), such as
    // asking for a subscription this schema does not have: the caller's mistake, not ours.
    if (
      error instanceof GraphQLError &&
      !error.originalError &&
      formatted.extensions?.code === 'INTERNAL_SERVER_ERROR'
    ) {
      return { ...base, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }

    const rawCode = formatted.extensions?.code;
    let code: string = typeof rawCode === 'string' ? rawCode : '';
    // graphql-armor re-parses documents to count tokens, so syntax errors reach us as validation.
    if (code === 'GRAPHQL_VALIDATION_FAILED' && base.message.startsWith('Syntax Error:')) {
      code = 'GRAPHQL_PARSE_FAILED';
    }
    if (code === 'BAD_USER_INPUT' || AS_BAD_INPUT.has(code)) {
      // Field errors come with the error: ours, or variablePathsPlugin's for rejected variables,
      // whose messages are graphql-js's own and may carry suggestions.
      let fieldErrors = formatted.extensions?.fieldErrors as FieldError[] | undefined;
      if (production)
        fieldErrors = fieldErrors?.map((e) => ({
          ...e,
          message: e.message.replace(SUGGESTION, ''),
        }));
      return {
        ...base,
        extensions: { code: ErrorCode.BAD_USER_INPUT, ...(fieldErrors ? { fieldErrors } : {}) },
      };
    }
    if (PASSED_THROUGH.has(code) && code !== 'INTERNAL_SERVER_ERROR') {
      const extensions: Record<string, unknown> = { ...formatted.extensions, code };
      if (production) delete extensions.stacktrace;
      return { ...base, extensions };
    }

    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: {
        code: ErrorCode.INTERNAL_SERVER_ERROR,
        ...(production ? {} : { detail: formatted.message }),
      },
    };
  };
}
