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

/**
 * The names of the fields a query selects at `path` below what a resolver returns (each step a
 * field name, whatever its alias; every alias of a step counts), e.g. `['members', 'system']`;
 * undefined if it selects nothing there or cannot tell.
 */
export function requestedFieldsAt(
  info: GraphQLResolveInfo,
  path: readonly string[],
): Set<string> | undefined {
  const tree = parseResolveInfo(info, { deep: true }) as ResolveTree | null | undefined;
  if (!tree) return undefined;
  let level: ResolveTree[] = [tree];
  for (const step of path) {
    level = level.flatMap((node) =>
      Object.values(node.fieldsByTypeName).flatMap((fields) =>
        Object.values(fields).filter((field) => field.name === step),
      ),
    );
    if (!level.length) return undefined;
  }
  return new Set(
    level.flatMap((node) =>
      Object.values(node.fieldsByTypeName).flatMap((fields) =>
        Object.values(fields).map((field) => field.name),
      ),
    ),
  );
}
