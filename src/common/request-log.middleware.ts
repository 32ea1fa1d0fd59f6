import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { requestIds } from '../http/configure-http';

/** The key behind a request, once the guard has looked it up: its id only, never the secret. */
const keyIds = new WeakMap<Request, string | null>();
export const noteKeyId = (req: Request, keyId: string | null) => keyIds.set(req, keyId);

/**
 * One log line per request (DESIGN §8): method, path, GraphQL operation, status, duration and
 * key id. Never headers, bodies or variables, which hold secrets and what people typed.
 */
@Injectable()
export class RequestLogMiddleware implements NestMiddleware {
  private readonly logger = new Logger('HTTP');

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const body = req.body as { operationName?: unknown } | undefined;
      const operation =
        typeof body?.operationName === 'string' ? ` ${body.operationName.slice(0, 100)}` : '';
      const key = keyIds.get(req);
      this.logger.log(
        `${req.method} ${req.originalUrl.split('?')[0]}${operation} ${res.statusCode} ${ms.toFixed(1)}ms request=${requestIds.get(req) ?? '-'}${key ? ` key=${key}` : ''}`,
      );
    });
    next();
  }
}
