import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import { HttpException } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import getRawBody from 'raw-body';
import { bearerHash } from './bearer';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { requestLog } from './request-log';

export const BODY_LIMIT = '1mb';
export const BODY_LIMIT_BYTES = 2 ** 20;
/**
 * A GraphQL request from a key that may import may carry a notices file of up to 10 MB (DESIGN
 * §7) as a string: JSON's escaping of its quotes makes that up to about twice the size.
 */
export const LARGE_BODY_LIMIT = '24mb';

/**
 * May this request send a body up to LARGE_BODY_LIMIT? Provided by the feature that knows keys
 * (under this token); without it every body is held to BODY_LIMIT.
 */
export const LARGE_BODIES = Symbol('LARGE_BODIES');
export type LargeBodies = (req: FastifyRequest) => Promise<boolean>;
/** Headers must arrive within this, or the whole request's time if that is shorter (slowloris). */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** An HTTP error answered in GraphQL's shape, so clients read every refusal the same way. */
const graphqlError = (status: number, code: string, message: string, extra: object = {}) =>
  new HttpException({ errors: [{ message, extensions: { code, ...extra } }] }, status);

/**
 * The HTTP server under Nest: Fastify, whose routing and replies cost a fraction of Express's on
 * every request. Its request id is the caller's X-Request-Id when that is sane, else a new one.
 */
export function httpAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    trustProxy: config.TRUST_PROXY ?? false,
    // A request, headers and body, must arrive in time (REQUEST_TIMEOUT_SECONDS), else 408 and the
    // connection closed: only receiving is timed, so a long alert run is not cut once asked for.
    requestTimeout: config.REQUEST_TIMEOUT_SECONDS * 1000,
    http: {
      headersTimeout: Math.min(HEADERS_TIMEOUT_MS, config.REQUEST_TIMEOUT_SECONDS * 1000),
      // Node checks the timeouts above this often (30 s by default, which would double them).
      connectionsCheckingInterval: 1_000,
    },
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
}

/** The routes the rate limit counts. */
const isLimited = (route: string | undefined): boolean =>
  route === '/graphql' ||
  route === '/sign-in' ||
  (route !== undefined && (route.startsWith('/exports/') || route.startsWith('/calendar/')));

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
    key = `ip:${normalizeIP(ip, 56)}`;
    ipKeys.set(ip, key);
  }
  return key;
}

const DECODERS: Record<string, (() => Transform) | null> = {
  identity: null,
  gzip: createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Refuses bytes that are not UTF-8 instead of replacing them, so no bad text is stored. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A request body as UTF-8 text, at most BODY_LIMIT once decompressed. Bodies are read here rather
 * than by Fastify's parsers, so that every refusal (too large, compressed in an unknown way, not
 * UTF-8, not JSON) has the GraphQL shape of every other.
 */
async function readText(req: FastifyRequest, limit = BODY_LIMIT): Promise<string> {
  const bytes = await readBytes(req, { text: true, limit });
  try {
    return UTF8.decode(bytes);
  } catch {
    throw graphqlError(
      415,
      'BAD_USER_INPUT',
      'The request body is not valid UTF-8: send UTF-8 text. Nothing was read or stored.',
    );
  }
}

/** A request body's bytes, at most BODY_LIMIT once decompressed; a text body must be UTF-8. */
async function readBytes(
  req: FastifyRequest,
  { text, limit = BODY_LIMIT }: { text: boolean; limit?: string },
): Promise<Buffer> {
  const coding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decoder = DECODERS[coding];
  if (decoder === undefined) {
    throw graphqlError(
      415,
      'BAD_USER_INPUT',
      `Content-Encoding "${coding}" is not supported: send identity, gzip, deflate or br.`,
    );
  }
  const charset = /;\s*charset=("?)([^";]+)\1/i.exec(req.headers['content-type'] ?? '')?.[2];
  if (text && charset && !/^utf-?8$/i.test(charset)) {
    throw graphqlError(415, 'BAD_USER_INPUT', `Charset "${charset}" is not supported: send UTF-8.`);
  }
  const stream = decoder ? req.raw.pipe(decoder()) : req.raw;
  try {
    return await getRawBody(stream, {
      limit,
      // Compressed, the declared length is not the body's: the limit applies to what it inflates to.
      length: decoder ? undefined : req.headers['content-length'],
    });
  } catch (error) {
    if (decoder) stream.destroy();
    if ((error as { type?: string }).type === 'entity.too.large') {
      throw graphqlError(
        413,
        'BAD_USER_INPUT',
        `The request body is larger than ${limit.toUpperCase()}.`,
      );
    }
    throw graphqlError(400, 'BAD_USER_INPUT', 'The request body could not be read.');
  }
}

/**
 * JSON for GraphQL; forms for the unsubscribe button. Any other body is read within the same
 * bound and left aside: a mail client's one-click unsubscribe may come as multipart (RFC 8058),
 * and GraphQL answers other types with its own refusal (CSRF prevention).
 */
function bodyParsers(fastify: FastifyInstance, largeBodies: LargeBodies | null): void {
  fastify.removeAllContentTypeParsers();
  // Only a body that may be over BODY_LIMIT costs the key lookup: everyday requests declare less.
  const limitFor = async (req: FastifyRequest) => {
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    const small = !req.headers['content-encoding'] && declared <= BODY_LIMIT_BYTES;
    return largeBodies && !small && req.routeOptions.url === '/graphql' && (await largeBodies(req))
      ? LARGE_BODY_LIMIT
      : BODY_LIMIT;
  };
  fastify.addContentTypeParser('application/json', async (req: FastifyRequest) => {
    const text = await readText(req, await limitFor(req));
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw graphqlError(400, 'BAD_USER_INPUT', 'The request body is not valid JSON.');
    }
  });
  fastify.addContentTypeParser('application/x-www-form-urlencoded', async (req: FastifyRequest) =>
    Object.fromEntries(new URLSearchParams(await readText(req))),
  );
  fastify.addContentTypeParser('*', async (req: FastifyRequest) => {
    await readBytes(req, { text: false });
    return undefined;
  });
}

/**
 * Everything in front of the routes (DESIGN §6 hardening): request ids and the request log,
 * security headers, bounded body parsing answered with a clear 413, and a per-key (else per-IP)
 * rate limit on /graphql and the downloads. Nest's own body parsers are off: these replace them.
 */
export async function configureHttp(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  requestLog(fastify);
  let largeBodies: LargeBodies | null = null;
  try {
    largeBodies = app.get<symbol, LargeBodies>(LARGE_BODIES, { strict: false });
  } catch {
    // No feature lets any request send more than BODY_LIMIT.
  }
  bodyParsers(fastify, largeBodies);
  // The GraphQL handler runs as one request of the database's, so a query's reads can share one
  // snapshot (readSnapshotPlugin). Fastify calls the handler from inside `done`.
  const db = app.get(Database);
  fastify.addHook('preHandler', (req, _reply, done) => {
    if (req.routeOptions.url === '/graphql') db.withinRequest(done);
    else done();
  });
  await app.register(fastifyHelmet, {
    crossOriginEmbedderPolicy: false,
    // DESIGN §10: every script, style and font is the service's own; no script runs inline.
    // Inline styles stay allowed: charts' SVG and the GraphQL IDE set style attributes.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        // Only where the service is served over https: on plain http it would send a browser's
        // requests for the pages' files to an https port nobody listens on.
        ...(config.PUBLIC_URL.startsWith('https:') ? { upgradeInsecureRequests: [] } : {}),
      },
    },
  });

  const perMinute = config.RATE_LIMIT_PER_MINUTE;
  const limit = (max: number, keyGenerator: (req: FastifyRequest) => string) =>
    app.register(fastifyRateLimit, {
      max,
      timeWindow: 60_000,
      keyGenerator,
      // By the route matched, not the path as sent, which may be spelt /%67raphql: GraphQL and the
      // downloads, each of which may read the whole register.
      allowList: (req) => !isLimited(req.routeOptions.url),
      enableDraftSpec: true,
      errorResponseBuilder: (_req, { ttl }) => {
        const seconds = Math.max(1, Math.ceil(ttl / 1000));
        return graphqlError(
          429,
          'RATE_LIMITED',
          `Too many requests: at most ${max} a minute. Try again in ${seconds} s.`,
          { retryAfterSeconds: seconds },
        );
      },
    });
  // Every caller's address has a ceiling too, so made-up keys cannot each buy a fresh allowance.
  await limit(perMinute * 10, (req) => ipKey(req.ip));
  // A key is counted as its hash, never as the secret; without one, the caller's address.
  await limit(perMinute, (req) => {
    const hash = bearerHash(req.raw);
    return hash ? `key:${hash}` : ipKey(req.ip);
  });
}

/**
 * Listens on HOST, or else on every interface: IPv6 and IPv4 where the machine has IPv6, IPv4
 * alone where it has not. (Fastify alone would listen on localhost only.)
 */
export async function listen(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  if (config.HOST) {
    await app.listen(config.PORT, config.HOST);
    return;
  }
  try {
    await app.listen(config.PORT, '::');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw error;
    await app.listen(config.PORT, '0.0.0.0');
  }
}
