import { Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode, FieldError } from './domain-error';
import { ARMOR_REFUSAL } from './query-limits';

const logger = new Logger('GraphQL');

// graphql-js words every rejected variable this way; the path after "at" locates the bad field.
const VARIABLE_ERROR =
  /^Variable "\$([^"]+)" got invalid value [\s\S]*?(?: at "([^"]+)")?; ([\s\S]*)$/;
const MISSING_FIELD = /^Field "([^"]+)" of required type "[^"]+" was not provided\.$/;
const UNKNOWN_FIELD = /^Field "([^"]+)" is not defined by type "[^"]+"\./;

/** `systems[3].contractEnd` → `systems.3.contractEnd` */
const dotted = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

/** Turns graphql-js's message for a rejected variable into a field error, if it is one. */
export function variableFieldError(message: string): FieldError | undefined {
  const match = VARIABLE_ERROR.exec(message);
  if (!match) return undefined;
  const [, variable, at, reason] = match;
  let path = dotted(at ?? variable);
  const nested = MISSING_FIELD.exec(reason) ?? UNKNOWN_FIELD.exec(reason);
  if (nested) path = `${path}.${nested[1]}`;
  return { path, message: reason };
}

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
 * errors; anything unexpected is logged with its stack and answered INTERNAL_SERVER_ERROR with no
 * internals (in production, no stack trace either).
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
    // Suggestions map the schema for whoever probes it; production keeps them to itself.
    if (production) {
      base.message = base.message.replace(/ ?(Did you mean [^?]*|\[Suggestion hidden\])\??/g, '');
    }
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
      const given = formatted.extensions?.fieldErrors as FieldError[] | undefined;
      const fieldError = variableFieldError(base.message);
      const fieldErrors = given ?? (fieldError ? [fieldError] : undefined);
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

    logger.error(
      `Unexpected error at ${formatted.path?.join('.') ?? '(request)'}: ${formatted.message}`,
      original instanceof Error ? original.stack : undefined,
    );
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
