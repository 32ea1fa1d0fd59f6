import type {
  GatewayExecutor,
  GatewayInterface,
  GatewaySchemaLoadOrUpdateCallback,
} from '@apollo/server-gateway-interface';
import {
  DocumentNode,
  execute,
  ExecutionResult,
  getVariableValues,
  GraphQLError,
  GraphQLObjectType,
  GraphQLSchema,
  printSchema,
} from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/** A document's compiled plans, by operation name. */
type Plans = Map<string, CompiledQuery | ExecutionResult>;

/**
 * Executes operations with plans graphql-jit compiles once per document, in place of graphql-js's
 * interpreter. The interpreter walks the query again for every object of an answer and builds each
 * result object as a dictionary (`Object.create(null)`): a coordinator's answer at national scale
 * (30,000 members, 400,000 fields) spent 420 ms executing and held 22 MB of result objects; a
 * compiled plan writes plain objects of fixed shape and does none of the walking (BENCHMARKS.md).
 * Apollo Server takes a custom executor through its gateway interface, so everything else about a
 * request (parsing, validation, the plugins, error formatting) stays Apollo's. Plans are kept per
 * parsed document, which Apollo's document store keeps one of per query text, so a plan lives as
 * long as its document is cached.
 */
export class CompiledExecutor implements GatewayInterface {
  private readonly plans = new WeakMap<DocumentNode, Plans>();

  /** `schema` is asked for when Apollo starts, once the GraphQL module has built it. */
  constructor(private readonly schema: () => GraphQLSchema) {}

  onSchemaLoadOrUpdate(callback: GatewaySchemaLoadOrUpdateCallback): () => void {
    const apiSchema = this.schema();
    callback({ apiSchema, coreSupergraphSdl: printSchema(apiSchema) });
    return () => undefined;
  }

  async load(): Promise<{ executor: GatewayExecutor }> {
    const schema = withPlainFields(this.schema());
    return {
      executor: async ({ document, operation, operationName, request, context }) => {
        // Variables are checked by graphql-js, whose errors name each bad value in a form the
        // rest of the service reads (variablePathsPlugin); values that pass coerce alike in both.
        const coerced = getVariableValues(
          schema,
          operation.variableDefinitions ?? [],
          request.variables ?? {},
        );
        if (coerced.errors) return { errors: coerced.errors };
        const plan = this.plan(schema, document, operationName ?? null);
        // What graphql-jit declines to compile (an operation the schema has no root type for),
        // graphql-js answers as it always has.
        const result = isCompiledQuery(plan)
          ? await plan.query(undefined, context, request.variables ?? {})
          : await execute({
              schema,
              document,
              operationName,
              contextValue: context,
              variableValues: request.variables,
            });
        return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
      },
    };
  }

  async stop(): Promise<void> {}

  private plan(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null,
  ): CompiledQuery | ExecutionResult {
    let plans = this.plans.get(document);
    if (!plans) {
      plans = new Map();
      this.plans.set(document, plans);
    }
    const key = operationName ?? '';
    let plan = plans.get(key);
    if (!plan) {
      plan = compileQuery(schema, document, operationName ?? undefined);
      plans.set(key, plan);
    }
    return plan;
  }
}

/** graphql-jit's errors as graphql-js makes them (extensions always an object, and writable). */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const made = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ? { ...error.extensions } : undefined,
  });
  (made as { locations?: GraphQLError['locations'] }).locations = error.locations;
  return made;
}

/**
 * Nest gives every field of an object type a resolver that reads the property of the same name
 * (and answers the field's `defaultValue` when it is undefined). A compiled plan reads a property
 * inline, but calls a resolver, with its info object, for each field of each object: 200,000 calls
 * in a national cluster answer. Where the resolver is Nest's and there is no default value, it is
 * exactly graphql's default field resolver, so it is removed (for graphql-js too, which then
 * resolves those fields as it would with no resolver at all).
 */
export function withPlainFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve as ((source: object) => unknown) | undefined;
      if (resolve?.name === 'rootFieldResolver' && resolve({}) === undefined)
        field.resolve = undefined;
    }
  }
  return schema;
}
