import { Logger } from '@nestjs/common';
import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode, FieldError } from './domain-error';
import type { RequestContext } from './request-context';

// A refusal that may be someone probing the register is worth an operator's attention; the rest
// of a client's mistakes (a bad field, a stale version, a missing borough) are routine.
const WARNED = new Set<string>([
  ErrorCode.UNAUTHENTICATED,
  ErrorCode.FORBIDDEN,
  ErrorCode.RATE_LIMITED,
  ErrorCode.QUERY_TOO_COMPLEX,
]);

/**
 * Logs every error a GraphQL answer carries once, by the code the client was given and with the
 * request's id, so a caller's report can be found: a client's mistake as one line without a stack
 * (names of bad fields, never what was typed in them), only INTERNAL_SERVER_ERROR at ERROR level
 * with the stack. The messages themselves are not logged: graphql-js quotes the variables.
 */
export function errorLogPlugin(): ApolloServerPlugin<RequestContext> {
  const logger = new Logger('GraphQL');
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<RequestContext>> {
      // Apollo formats the errors it met in order, one for one: the raw error behind each answer.
      let met: readonly GraphQLError[] = [];
      return {
        async didEncounterErrors({ errors }) {
          met = errors;
        },
        async willSendResponse({ response, contextValue, operationName }) {
          const errors =
            response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          if (!errors) return;
          const about = `request=${contextValue.req.id}${operationName ? ` operation=${operationName.slice(0, 100)}` : ''}`;
          errors.forEach((formatted, i) => {
            const raw = formatted.extensions?.code;
            const code: string = typeof raw === 'string' ? raw : ErrorCode.INTERNAL_SERVER_ERROR;
            const line = `${code} at ${where(formatted)} ${about}`;
            if (code === String(ErrorCode.INTERNAL_SERVER_ERROR)) {
              const cause = met[i]?.originalError ?? met[i];
              logger.error(`${line}: ${cause?.message ?? formatted.message}`, cause?.stack);
            } else if (WARNED.has(code)) {
              logger.warn(line);
            } else {
              logger.log(`${line}${fields(formatted)}`);
            }
          });
        },
      };
    },
  };
}

const where = (error: GraphQLFormattedError) => error.path?.join('.') ?? '(request)';

function fields(error: GraphQLFormattedError): string {
  const list = error.extensions?.fieldErrors as FieldError[] | undefined;
  if (!list?.length) return '';
  const paths = list.slice(0, 20).map((e) => e.path);
  return ` fields=${paths.join(',')}${list.length > paths.length ? `,…(${list.length})` : ''}`;
}
