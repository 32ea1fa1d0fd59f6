import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal';
import type { Loaders } from './loaders';

/** What every GraphQL resolver sees as its context: one per HTTP request. */
export interface RequestContext {
  req: FastifyRequest;
  res: FastifyReply;
  loaders: Loaders;
  principal?: Principal;
  /** The key lookup in flight, shared by root fields resolved in parallel. */
  authenticating?: Promise<Principal>;
}
