import type { ApolloServerPlugin } from '@apollo/server';
import { DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import { ErrorCode, FieldError } from './domain-error';

// NUL cannot be stored in PostgreSQL text, and a lone surrogate is not text at all: both would be
// lost or fail deep in a driver. They are refused at the door, naming where they were found.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const NOT_TEXT = { test: (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text) };
const MESSAGE = 'contains a character that is not valid text (NUL or a lone surrogate)';

const MAX_NESTING = 64;

/** Walks a variable without recursion, so no input can exhaust the stack. */
function scan(root: unknown, rootPath: string, found: FieldError[]): void {
  const stack: [unknown, string, number][] = [[root, rootPath, 0]];
  while (stack.length > 0 && found.length < 20) {
    const [value, path, depth] = stack.pop()!;
    if (depth > MAX_NESTING) {
      found.push({ path, message: `is nested more than ${MAX_NESTING} levels deep` });
    } else if (typeof value === 'string') {
      if (NOT_TEXT.test(value)) found.push({ path, message: MESSAGE });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, `${path}.${i}`, depth + 1]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (NOT_TEXT.test(key)) found.push({ path: `${path}.<key>`, message: MESSAGE });
        stack.push([item, `${path}.${key}`, depth + 1]);
      }
    }
  }
}

/** String literals in a query's text that are not valid text. */
function literalErrors(document: DocumentNode): FieldError[] {
  const found: FieldError[] = [];
  visit(document, {
    [Kind.STRING]: (node) => {
      if (NOT_TEXT.test(node.value))
        found.push({
          path: `(query text, line ${node.loc?.startToken.line ?? '?'})`,
          message: MESSAGE,
        });
    },
  });
  return found;
}

/**
 * Refuses variables or string literals that are not valid text, before anything runs. Apollo
 * keeps each distinct query's parsed document, so its literals are checked once.
 */
export function textInputPlugin(): ApolloServerPlugin {
  const checked = new WeakMap<DocumentNode, FieldError[]>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const found: FieldError[] = [];
          for (const [name, value] of Object.entries(request.variables ?? {}))
            scan(value, name, found);
          let literals = checked.get(document);
          if (!literals) checked.set(document, (literals = literalErrors(document)));
          found.push(...literals);
          if (found.length > 0) {
            throw new GraphQLError(`Invalid input: ${found[0].path}: ${found[0].message}`, {
              extensions: {
                code: ErrorCode.BAD_USER_INPUT,
                fieldErrors: found,
                http: { status: 400 },
              },
            });
          }
        },
      };
    },
  };
}
