import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The key behind a request, once the guard has looked it up: its id only, never the secret. */
const keyIds = new WeakMap<Request, string | null>();
export const noteKeyId = (req: Request, keyId: string | null) => keyIds.set(req, keyId);

/**
 * A request's id (the caller's X-Request-Id when it is sane, else a new one), echoed in the answer,
 * and one log line per request (DESIGN §8): method, path, GraphQL operation, status, duration,
 * id and key id. Never headers, bodies or variables, which hold secrets and what people typed.
 */
export function requestLog() {
  const logger = new Logger('HTTP');
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = process.hrtime.bigint();
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const body = req.body as { operationName?: unknown } | undefined;
      const operation =
        typeof body?.operationName === 'string' ? ` ${body.operationName.slice(0, 100)}` : '';
      const key = keyIds.get(req);
      logger.log(
        `${req.method} ${req.originalUrl.split('?')[0]}${operation} ${res.statusCode} ${ms.toFixed(1)}ms request=${id}${key ? ` key=${key}` : ''}`,
      );
    });
    next();
  };
}
