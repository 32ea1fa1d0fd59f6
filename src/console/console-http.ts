import { dirname, join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import fastifyMultipart from '@fastify/multipart';
import fastifySession from '@fastify/session';
import fastifyStatic from '@fastify/static';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiKeysService } from '../auth/api-keys.service';
import { ConsoleSessionsService, SESSION_HOURS } from '../auth/console-sessions.service';
import { AppConfig } from '../config/config';
import { BODY_LIMIT_BYTES } from '../http/configure-http';

export const SESSION_COOKIE = 'register_session';
export const CSRF_COOKIE = 'register_csrf';

/** Files the console's pages load, each from the package that ships it: nothing from elsewhere. */
const ASSETS: { prefix: string; root: string; files: string[] }[] = [
  {
    prefix: '/assets/console/',
    root: join(__dirname, 'assets'),
    files: ['console.css', 'graphiql-start.js'],
  },
  {
    prefix: '/assets/graphiql/',
    root: dirname(require.resolve('graphiql/package.json')),
    files: ['graphiql.min.js', 'graphiql.min.css'],
  },
  {
    prefix: '/assets/react/',
    root: join(dirname(require.resolve('react/package.json')), 'umd'),
    files: ['react.production.min.js'],
  },
  {
    prefix: '/assets/react-dom/',
    root: join(dirname(require.resolve('react-dom/package.json')), 'umd'),
    files: ['react-dom.production.min.js'],
  },
];

/**
 * What the console needs in front of its routes (DESIGN §10): signed cookies, sessions kept in
 * the database, CSRF tokens for its forms, a bounded multipart reader for the CSV upload, and its
 * static files. Runs after the migrations, which make the cookie signing key.
 */
export async function configureConsole(
  app: NestFastifyApplication,
  config: AppConfig,
): Promise<void> {
  const sessions = app.get(ConsoleSessionsService);
  const secret = await sessions.cookieSigningKey();
  const secure = config.PUBLIC_URL.startsWith('https:');
  await app.register(fastifyCookie, { secret });
  await app.register(fastifySession, {
    secret,
    cookieName: SESSION_COOKIE,
    store: sessions.store(),
    saveUninitialized: false,
    rolling: false,
    cookie: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure,
      maxAge: SESSION_HOURS * 3_600_000,
    },
  });
  // The CSRF secret lives in a cookie of its own, so the sign-in form has a token before there
  // is any session, and no session row is made for a visitor who only looks.
  await app.register(fastifyCsrfProtection, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure, signed: true },
  });
  // An upload to a borough is read whole into memory (up to 10 MB for a notices file) before its
  // route runs: only for a request whose session or key is good, so no one else can make the
  // server hold one. (Other multipart bodies, a mail client's one-click unsubscribe, stay at 1 MB.)
  const keys = app.get(ApiKeysService);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preParsing', async (req, reply) => {
      if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? '')) return;
      if (!req.routeOptions.url?.startsWith('/boroughs/')) return;
      const signedIn = await keys.authenticateRequest(req).then(
        () => true,
        () => false,
      );
      if (!signedIn) {
        await reply
          .status(303)
          .header('Location', `/sign-in?next=${encodeURIComponent(req.url)}`)
          .header('Cache-Control', 'no-store')
          .header('Connection', 'close')
          .send();
        return reply;
      }
    });
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: BODY_LIMIT_BYTES, files: 1, fields: 10, fieldSize: 10_000, parts: 11 },
  });
  for (const [i, { prefix, root, files }] of ASSETS.entries()) {
    const allowed = new Set(files);
    await app.register(fastifyStatic, {
      root,
      prefix,
      decorateReply: i === 0,
      index: false,
      maxAge: '1h',
      allowedPath: (path) => allowed.has(path.replace(/^\//, '')),
    });
  }
}
