import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { Database } from '../database/database';

/**
 * A query's reads share one database snapshot (DESIGN §3: an answer is one state of the
 * register), from its first read until its execution ends. Mutations read after they commit, as
 * before; their own reads and writes are one transaction.
 */
export function readSnapshotPlugin(db: Database): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ operation }) {
          if (operation.operation !== OperationTypeNode.QUERY) return;
          db.shareReads();
          return {
            async executionDidEnd() {
              await db.endRequestReads();
            },
          };
        },
      };
    },
  };
}
