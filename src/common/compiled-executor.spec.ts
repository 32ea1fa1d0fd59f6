import { buildSchema, graphql, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { CompiledExecutor, withPlainFields } from './compiled-executor';

const schema = () =>
  buildSchema('type Entry { id: ID name: String kind: String } type Query { entry: Entry }');

describe(withPlainFields.name, () => {
  it("drops only Nest's property-reading resolvers that have no default value", () => {
    const s = schema();
    const fields = (s.getType('Entry') as GraphQLObjectType).getFields();
    // As Nest writes them: the property, else the field's defaultValue.
    const nest = (defaultValue?: string) =>
      function rootFieldResolver(root: Record<string, unknown>) {
        return root.name === undefined ? defaultValue : root.name;
      };
    const own = (root: { id: string }) => `entry-${root.id}`;
    fields.name.resolve = nest();
    fields.kind.resolve = nest('unknown');
    fields.id.resolve = own;
    withPlainFields(s);
    expect(fields.name.resolve).toBeUndefined();
    expect(fields.kind.resolve).toBeDefined();
    expect(fields.id.resolve).toBe(own);
  });
});

describe(CompiledExecutor.name, () => {
  it('answers as graphql-js does, and names a bad variable as graphql-js does', async () => {
    const s: GraphQLSchema = buildSchema('type Query { twice(n: Int!): Int }');
    const rootValue = { twice: ({ n }: { n: number }) => 2 * n };
    const { executor } = await new CompiledExecutor(() => s).load();
    const run = async (variables: Record<string, unknown>) => {
      const source = 'query($n: Int!) { twice(n: $n) }';
      const { parse } = await import('graphql');
      const document = parse(source);
      const operation = document.definitions[0] as never;
      const compiled = await executor({
        document,
        operation,
        operationName: null,
        request: { query: source, variables },
        context: {},
        source,
      } as never);
      const reference = await graphql({ schema: s, source, rootValue, variableValues: variables });
      return { compiled, reference };
    };
    // The compiled plan has no root value: the resolver is on the schema for this comparison.
    (s.getQueryType()!.getFields().twice.resolve as unknown) = (_: unknown, args: { n: number }) =>
      rootValue.twice(args);
    const ok = await run({ n: 21 });
    expect(ok.compiled).toEqual({ data: { twice: 42 } });
    expect(ok.compiled).toEqual(JSON.parse(JSON.stringify(ok.reference)));
    const bad = await run({ n: 'x' });
    expect(bad.compiled.errors!.map((e) => e.message)).toEqual(
      bad.reference.errors!.map((e) => e.message),
    );
  });
});
