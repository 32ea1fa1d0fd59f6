import { buildSchema, graphql, GraphQLResolveInfo } from 'graphql';
import { requestedFieldsAt } from './requested-fields';

const schema = buildSchema(`
  type Entry { id: ID name: String borough: Borough }
  type Borough { shortName: String }
  type Member { alignedEnd: String system: Entry }
  type Cluster { id: ID members: [Member] }
  type Query { clusters: [Cluster] }
`);

/** What requestedFieldsAt makes of `path` for the root field of `query`. */
async function fieldsAt(query: string, path: string[], variables?: Record<string, unknown>) {
  let seen: Set<string> | undefined;
  const result = await graphql({
    schema,
    source: query,
    variableValues: variables,
    rootValue: {
      clusters: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
        seen = requestedFieldsAt(info, path);
        return [];
      },
    },
  });
  expect(result.errors).toBeUndefined();
  return seen && [...seen].sort();
}

describe(requestedFieldsAt.name, () => {
  it('names the fields selected at a path, through aliases and fragments', async () => {
    const query = `
      query { clusters { members { system { id } again: system { ...More } } } }
      fragment More on Entry { name borough { shortName } }`;
    expect(await fieldsAt(query, ['members', 'system'])).toEqual(['borough', 'id', 'name']);
    expect(await fieldsAt(query, ['members'])).toEqual(['system']);
  });

  it('is undefined where nothing is selected, or only what @include turns off', async () => {
    expect(await fieldsAt('{ clusters { id } }', ['members', 'system'])).toBeUndefined();
    const query = `query($on: Boolean!) { clusters { members { system @include(if: $on) { id } alignedEnd } } }`;
    expect(await fieldsAt(query, ['members', 'system'], { on: false })).toBeUndefined();
    expect(await fieldsAt(query, ['members', 'system'], { on: true })).toEqual(['id']);
  });
});
