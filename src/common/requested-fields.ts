import type { GraphQLResolveInfo } from 'graphql';
import {
  parseResolveInfo,
  ResolveTree,
  simplifyParsedResolveInfoFragmentWithType,
} from 'graphql-parse-resolve-info';

/**
 * The names of the fields a query selects on what a resolver returns, through aliases and
 * fragments, leaving out those `@skip` or `@include` turn off; undefined if it cannot tell.
 */
export function requestedFields(info: GraphQLResolveInfo): Set<string> | undefined {
  const tree = parseResolveInfo(info) as ResolveTree | null | undefined;
  if (!tree) return undefined;
  const { fields } = simplifyParsedResolveInfoFragmentWithType(tree, info.returnType) as {
    fields: Record<string, ResolveTree>;
  };
  return new Set(Object.values(fields).map((field) => field.name));
}
