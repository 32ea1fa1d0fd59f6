import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import rateLimit, { ipKeyGenerator } from 'express-rate-limit';
import helmet from 'helmet';
import { bearerHash } from '../auth/bearer';
import { AppConfig } from '../config/config';
import { requestLog } from './request-log';

export const BODY_LIMIT = '1mb';

const graphqlError = (
  res: Response,
  status: number,
  code: string,
  message: string,
  extra: object = {},
) => res.status(status).json({ errors: [{ message, extensions: { code, ...extra } }] });

const ipKeys = new Map<string, string>();

/**
 * A caller's address as the rate limits count it: IPv4-mapped addresses as IPv4, IPv6 by its /56.
 * Remembered, because working it out parses the address, and Node gives IPv4 callers as IPv6
 * (`::ffff:…`): that parse showed in every request's profile.
 */
function ipKey(ip: string): string {
  let key = ipKeys.get(ip);
  if (key === undefined) {
    if (ipKeys.size >= 10_000) ipKeys.clear();
    key = `ip:${ipKeyGenerator(ip)}`;
    ipKeys.set(ip, key);
  }
  return key;
}

/**
 * Everything in front of the routes (DESIGN §6 hardening): request ids and the request log, security headers, bounded
 * body parsing answered with a clear 413, and a per-key (else per-IP) rate limit on /graphql.
 * Nest's own body parser is off so these run in this order.
 */
export function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  // GraphQL answers POSTs, which no cache revalidates: an ETag would only hash every answer.
  app.set('etag', false);
  app.disable('x-powered-by');
  app.use(requestLog());
  app.use(
    helmet({
      // The development landing page (Apollo Sandbox) loads from Apollo's CDN; production has none.
      contentSecurityPolicy: config.isProduction ? undefined : false,
      crossOriginEmbedderPolicy: false,
    }),
  );
  if (config.TRUST_PROXY !== undefined) app.set('trust proxy', config.TRUST_PROXY);
  const refuse = (limit: number) => (req: Request, res: Response) => {
    const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
    const seconds = Math.max(
      1,
      Math.ceil(((reset?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000),
    );
    res.setHeader('Retry-After', String(seconds));
    graphqlError(
      res,
      429,
      'RATE_LIMITED',
      `Too many requests: at most ${limit} a minute. Try again in ${seconds} s.`,
      {
        retryAfterSeconds: seconds,
      },
    );
  };
  const perMinute = config.RATE_LIMIT_PER_MINUTE;
  const common = {
    windowMs: 60_000,
    standardHeaders: 'draft-7' as const,
    legacyHeaders: false,
    // That check reads the key generator's source for a call to ipKeyGenerator; ipKey makes it.
    validate: { keyGeneratorIpFallback: false },
  };
  // Every caller's address has a ceiling too, so made-up keys cannot each buy a fresh allowance.
  app.use(
    '/graphql',
    rateLimit({
      ...common,
      limit: perMinute * 10,
      keyGenerator: (req) => ipKey(req.ip ?? ''),
      handler: refuse(perMinute * 10),
    }),
  );
  app.use(
    '/graphql',
    rateLimit({
      ...common,
      limit: perMinute,
      // A key is counted as its hash, never as the secret; without one, the caller's address.
      keyGenerator: (req) => {
        const hash = bearerHash(req);
        return hash ? `key:${hash}` : ipKey(req.ip ?? '');
      },
      handler: refuse(perMinute),
    }),
  );
  app.use(express.json({ limit: BODY_LIMIT }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT }));
  app.use(
    (
      error: { type?: string; status?: number },
      _req: Request,
      res: Response,
      next: NextFunction,
    ) => {
      if (error.type === 'entity.too.large') {
        graphqlError(
          res,
          413,
          'BAD_USER_INPUT',
          `The request body is larger than ${BODY_LIMIT.toUpperCase()}.`,
        );
      } else if (error.type === 'entity.parse.failed') {
        graphqlError(res, 400, 'BAD_USER_INPUT', 'The request body is not valid JSON.');
      } else if (error.status && error.status >= 400 && error.status < 500) {
        graphqlError(res, error.status, 'BAD_USER_INPUT', 'The request body could not be read.');
      } else {
        next(error);
      }
    },
  );
}
