import { Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The key behind a request, once the guard has looked it up: its id only, never the secret. */
const keyIds = new WeakMap<FastifyRequest, string | null>();
export const noteKeyId = (req: FastifyRequest, keyId: string | null) => keyIds.set(req, keyId);

/**
 * Echoes each request's id (see `httpAdapter`) and logs one line per request (DESIGN §8): method,
 * path, GraphQL operation, status, duration, id and key id. Never headers, bodies or variables,
 * which hold secrets and what people typed.
 */
export function requestLog(fastify: FastifyInstance): void {
  const logger = new Logger('HTTP');
  fastify.addHook('onRequest', (req, reply, done) => {
    void reply.header('X-Request-Id', req.id);
    done();
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const body = req.body as { operationName?: unknown } | undefined;
    const operation =
      typeof body?.operationName === 'string' ? ` ${body.operationName.slice(0, 100)}` : '';
    const key = keyIds.get(req);
    logger.log(
      `${req.method} ${req.url.split('?')[0]}${operation} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)}ms request=${req.id}${key ? ` key=${key}` : ''}`,
    );
    done();
  });
}
