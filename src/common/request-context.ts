import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Loaders } from './loaders';

/** What every GraphQL resolver sees as its context: one per HTTP request. */
export interface RequestContext {
  req: FastifyRequest;
  res: FastifyReply;
  loaders: Loaders;
}
