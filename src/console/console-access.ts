import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Action, authorise } from '../access/policy';
import { ApiKeysService } from '../auth/api-keys.service';
import { DomainError, ErrorCode } from '../common/domain-error';
import { AppConfig } from '../config/config';
import { hashSecret } from '../http/bearer';
import { redirect } from './render';
import type { Viewer } from './views/layout';

/** Where a sign-in may send the browser next: a path of this site, never another site. */
export const safeNext = (next: unknown): string =>
  typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : '/clusters';

/** Who is looking at a console page, and whether a form they sent is theirs. */
@Injectable()
export class ConsoleAccess {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly config: AppConfig,
  ) {}

  /** The signed-in viewer, or null (no session, or its key revoked or expired since). */
  async viewer(req: FastifyRequest, reply: FastifyReply): Promise<Viewer | null> {
    if (!req.session?.keyId && !req.headers.authorization) return null;
    try {
      const principal = await this.keys.authenticateRequest(req);
      authorise(principal, Action.USE_CONSOLE);
      return { principal, csrf: reply.generateCsrf(), graphiql: this.config.introspection };
    } catch (error) {
      if (error instanceof DomainError && error.code === ErrorCode.UNAUTHENTICATED) return null;
      throw error;
    }
  }

  /** The viewer, or null after sending the browser to sign in and come back here. */
  async requireViewer(req: FastifyRequest, reply: FastifyReply): Promise<Viewer | null> {
    const viewer = await this.viewer(req, reply);
    if (!viewer) await redirect(reply, `/sign-in?next=${encodeURIComponent(req.url)}`);
    return viewer;
  }

  /** The principal of an API key pasted into the sign-in form, or UNAUTHENTICATED. */
  async signIn(secret: string) {
    const principal = await this.keys.authenticateHash(
      secret.trim() ? hashSecret(secret.trim()) : null,
    );
    authorise(principal, Action.USE_CONSOLE);
    return principal;
  }

  /**
   * Whether a form's CSRF token matches this browser's CSRF cookie. The check is
   * @fastify/csrf-protection's own; its refusal is caught here so the console answers with a page
   * rather than the plugin's JSON error.
   */
  hasCsrfToken(req: FastifyRequest, reply: FastifyReply): boolean {
    let passed = false;
    const probe = Object.create(reply, { send: { value: () => probe } }) as FastifyReply;
    req.server.csrfProtection(req, probe, () => {
      passed = true;
    });
    return passed;
  }
}
