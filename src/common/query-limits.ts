import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isLeafType,
  isListType,
  ParseOptions,
  ValidationRule,
} from 'graphql';
import { ComplexityEstimatorArgs, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { Extensions } from '@nestjs/graphql';

export const MAX_DEPTH = 8;
export const MAX_ALIASES = 15;
export const MAX_TOKENS = 2000;
export const MAX_DIRECTIVES = 10;
/**
 * Cost: every field costs 1, times the number of items its list can return. Reading every
 * borough's systems with their relations costs a few thousand; `systems(limit: 10000)` with a
 * dozen fields about 200,000; anything that multiplies lists inside lists is refused.
 */
export const MAX_COST = 300_000;

const LIST_SIZE = 'listSize';
/** What a list field without `@ListSize` is assumed to return. */
const DEFAULT_LIST_SIZE = 10;

/**
 * How many items a list field is expected to return, unless a `limit` argument says so: what the
 * cost limit charges per item. The feature owning the field declares it beside the field.
 */
export const ListSize = (items: number) => Extensions({ [LIST_SIZE]: items });

function listEstimator({ field, args, childComplexity }: ComplexityEstimatorArgs): number | void {
  if (!isListType(getNullableType(field.type))) return;
  const given = typeof args.limit === 'number' && args.limit >= 0 ? args.limit : undefined;
  const declared = field.extensions?.[LIST_SIZE];
  const size = given ?? (typeof declared === 'number' ? declared : DEFAULT_LIST_SIZE);
  // A list of scalars (leadDays) costs its field, not per item.
  return isLeafType(getNamedType(field.type)) ? 1 : 1 + size * childComplexity;
}

const tooComplex = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } });

const tooCostly = (cost: number, max: number) =>
  tooComplex(
    `Query is too costly: ${cost} exceeds the limit of ${max}. Ask for fewer items or fields.`,
  );

/** Longest operation name and variables, as JSON, whose cost is remembered. */
const MAX_REMEMBERED_KEY = 2_000;
const REMEMBERED_PER_DOCUMENT = 64;

/**
 * What a cost is remembered by: the operation's name and its variables as JSON. Variables nested
 * too deep to serialise (JSON.stringify recurses) are never remembered: the text input check
 * refuses them, and their cost is estimated like any other.
 */
function rememberedKey(
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
): string | undefined {
  try {
    return `${operationName ?? ''}:${JSON.stringify(variables ?? {})}`;
  } catch {
    return undefined;
  }
}

/**
 * Refuses a costly operation after validation and before any resolver runs. Apollo keeps each
 * distinct query's parsed document; its cost for given variables is kept with it, because
 * estimating walks the whole query with type information on every request (a twentieth of a
 * small query's time).
 */
export function costLimitPlugin(max = MAX_COST): ApolloServerPlugin {
  const remembered = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operation }) {
          const key = rememberedKey(request.operationName, request.variables);
          let costs = remembered.get(document);
          let cost = key === undefined ? undefined : costs?.get(key);
          if (cost !== undefined) {
            if (cost > max) throw tooCostly(cost, max);
            return;
          }
          // Variables GraphQL cannot coerce are refused by execution before any resolver runs,
          // each bad value named; the estimate would report only the last of them.
          const coerced = getVariableValues(
            schema,
            operation?.variableDefinitions ?? [],
            request.variables ?? {},
          );
          if (coerced.errors) return;
          try {
            cost = getComplexity({
              schema: schema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [listEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
          } catch (error) {
            // Never let a failed estimate wave a query through. Too many nodes to count is too
            // complex; anything else (a null for a required argument, a variable of the wrong
            // type) is bad input, refused here rather than halfway through execution.
            const message = error instanceof Error ? error.message : String(error);
            if (/maximum allowed number of nodes/i.test(message)) {
              throw tooComplex('Query is too complex to estimate: it has too many fields.');
            }
            throw new GraphQLError(message, {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            });
          }
          if (key !== undefined && key.length <= MAX_REMEMBERED_KEY) {
            if (!costs) remembered.set(document, (costs = new Map<string, number>()));
            if (costs.size >= REMEMBERED_PER_DOCUMENT) costs.clear();
            costs.set(key, cost);
          }
          if (cost > max) throw tooCostly(cost, max);
        },
      };
    },
  };
}

/**
 * Depth, alias, token and directive limits (graphql-armor), and in production no "Did you mean"
 * suggestions that would map the schema for an attacker.
 */
export function queryLimits(production: boolean): {
  plugins: ApolloServerPlugin[];
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
} {
  const armor = new ApolloArmor({
    maxDepth: { n: MAX_DEPTH, flattenFragments: true },
    maxAliases: { n: MAX_ALIASES },
    // Counted by graphql-js's own parser instead (`parseOptions`): armor's token count parses in
    // a hook Apollo does not guard, so its refusal, and any syntax error, became an HTTP 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: MAX_DIRECTIVES },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    plugins: [...armor.plugins, costLimitPlugin()],
    validationRules: armor.validationRules,
    parseOptions: { maxTokens: MAX_TOKENS },
  };
}

/** graphql-armor words its refusals as syntax errors; this recognises them. */
export const ARMOR_REFUSAL =
  /^Syntax Error: ((?:Query depth|Aliases|Token|Directives) limit of \d+ exceeded.*)$/;

/** graphql-js's words when the parser stops at the token limit. */
export const TOKEN_REFUSAL = /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens/;
