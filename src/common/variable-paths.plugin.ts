import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import {
  ASTNode,
  DocumentNode,
  FragmentDefinitionNode,
  getOperationAST,
  Kind,
  ValueNode,
  visit,
} from 'graphql';
import { FieldError } from './domain-error';

// graphql-js words every rejected variable this way; the path after "at" locates the bad field.
const VARIABLE_ERROR =
  /^Variable "\$([^"]+)" got invalid value [\s\S]*?(?: at "([^"]+)")?; ([\s\S]*)$/;
// A required variable left out or sent as null: the whole argument is missing.
const MISSING_VARIABLE =
  /^Variable "\$([^"]+)" of (?:required|non-null) type "[^"]+" (?:was not provided|must not be null)\.$/;
const MISSING_FIELD = /^Field "([^"]+)" of required type "[^"]+" was not provided\.$/;
const UNKNOWN_FIELD = /^Field "([^"]+)" is not defined by type "[^"]+"\./;

/** `[3].contractEnd` → `.3.contractEnd` */
const dotted = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

/**
 * Turns graphql-js's message for a rejected variable into a field error, if it is one. DESIGN §3
 * names the field by the argument the variable feeds (`argumentPaths`), whatever the client
 * called its variable; a variable with no single argument keeps its own name.
 */
export function variableFieldError(
  message: string,
  argumentPaths?: ReadonlyMap<string, string>,
): FieldError | undefined {
  const missing = MISSING_VARIABLE.exec(message);
  if (missing) {
    const variable = missing[1];
    return { path: argumentPaths?.get(variable) ?? variable, message: 'is required' };
  }
  const match = VARIABLE_ERROR.exec(message);
  if (!match) return undefined;
  const [, variable, at, reason] = match;
  // graphql-js's "at" path starts with the variable's name: `s[0].contractEnd`.
  let path = (argumentPaths?.get(variable) ?? variable) + dotted(at?.slice(variable.length) ?? '');
  const nested = MISSING_FIELD.exec(reason) ?? UNKNOWN_FIELD.exec(reason);
  if (nested) path = `${path}.${nested[1]}`;
  return { path, message: reason };
}

/**
 * Where each variable of an operation sits in a field's arguments, as a field error names it:
 * in `submitTopSystems(systems: [$a, $b])`, `b` is `systems.1`. A variable written in more than
 * one place (even as the same argument of two fields) or in a directive has no single argument to
 * name, so it is left out and keeps its own name.
 */
export function argumentPaths(
  document: DocumentNode,
  operationName?: string | null,
): Map<string, string> {
  const found = new Map<string, string | undefined>();
  const note = (value: ValueNode, path: string | undefined): void => {
    if (value.kind === Kind.VARIABLE) {
      const name = value.name.value;
      found.set(name, found.has(name) ? undefined : path);
    } else if (value.kind === Kind.LIST) {
      value.values.forEach((item, i) => note(item, path && `${path}.${i}`));
    } else if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) note(field.value, path && `${path}.${field.name.value}`);
    }
  };

  const operation = getOperationAST(document, operationName);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition);
  // The operation, then each fragment it spreads, once: however often it is spread, a fragment's
  // text is one place, and its variables sit at one argument path.
  const pending: ASTNode[] = operation ? [operation] : [];
  const spread = new Set<string>();
  while (pending.length > 0) {
    visit(pending.pop()!, {
      Argument(node) {
        note(node.value, node.name.value);
        return false;
      },
      // A directive's argument (`@include(if: $x)`) is no field's argument: a use with no path.
      Directive(node) {
        node.arguments?.forEach((arg) => note(arg.value, undefined));
        return false;
      },
      FragmentSpread: (node) => {
        const fragment = fragments.get(node.name.value);
        if (fragment && !spread.has(node.name.value)) pending.push(fragment);
        spread.add(node.name.value);
      },
    });
  }
  const paths = new Map<string, string>();
  for (const [name, path] of found) if (path !== undefined) paths.set(name, path);
  return paths;
}

/**
 * Names errors in variables by the argument's path (DESIGN §3). graphql-js reports them by the
 * variable's name, from the cost estimate or from execution, with no document at hand for
 * formatError; here the document is known, so the field error is put on the error for formatError
 * to pass on. Apollo keeps each distinct query's parsed document, so its map is worked out once.
 */
export function variablePathsPlugin(): ApolloServerPlugin {
  const known = new WeakMap<DocumentNode, Map<string, Map<string, string>>>();
  const pathsOf = (document: DocumentNode, operationName?: string | null) => {
    let byOperation = known.get(document);
    if (!byOperation) known.set(document, (byOperation = new Map<string, Map<string, string>>()));
    let paths = byOperation.get(operationName ?? '');
    if (!paths)
      byOperation.set(operationName ?? '', (paths = argumentPaths(document, operationName)));
    return paths;
  };
  // One listener for every request: nothing to allocate unless a request fails.
  const listener: GraphQLRequestListener<BaseContext> = {
    async didEncounterErrors({ errors, document, operationName }) {
      for (const error of errors) {
        if (error.extensions.fieldErrors || !error.message.startsWith('Variable "$')) continue;
        const paths = document && pathsOf(document, operationName);
        const fieldError = variableFieldError(error.message, paths);
        if (fieldError) error.extensions.fieldErrors = [fieldError];
      }
    },
  };
  return { requestDidStart: async () => listener };
}
