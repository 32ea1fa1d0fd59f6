import { Injectable } from '@nestjs/common';
import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import { Clock } from '../common/clock';
import { Database } from '../database/database';
import { hashSecret } from '../http/bearer';
import { ConsoleSessionsRepository } from './console-sessions.repository';

declare module 'fastify' {
  interface Session {
    /** The API key a console session signed in with. */
    keyId?: string;
  }
}

/** How long a console session lasts from sign-in (DESIGN §10): a working day. */
export const SESSION_HOURS = 8;

/**
 * Console sessions kept in the database, for @fastify/session: a session outlives neither its
 * eight hours nor a sign-out, on any instance, and the table holds only hashes of session ids.
 */
@Injectable()
export class ConsoleSessionsService {
  constructor(
    private readonly db: Database,
    private readonly sessions: ConsoleSessionsRepository,
    private readonly clock: Clock,
  ) {}

  /** The key that signs console cookies, made once per database by its migration. */
  cookieSigningKey(): Promise<string> {
    return this.db.read((em) => this.sessions.cookieSigningKey(em));
  }

  /** The store @fastify/session keeps sessions in. Only a signed-in session is ever saved. */
  store(): SessionStore {
    return {
      set: (sessionId, session, done) => {
        const keyId = session.keyId;
        if (!keyId) return done();
        this.start(sessionId, keyId).then(() => done(), done);
      },
      get: (sessionId, done) => {
        // Without a cookie of its own, the restored session keeps the cookie options it was
        // registered with; its expiry is the row's, checked in `find`.
        this.find(sessionId).then(
          (keyId) => done(null, keyId ? ({ keyId } as Session) : null),
          done,
        );
      },
      destroy: (sessionId, done) => {
        this.end(sessionId).then(() => done(), done);
      },
    };
  }

  private start(sessionId: string, keyId: string): Promise<void> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      await this.sessions.removeExpired(em, now);
      await this.sessions.add(em, {
        idHash: hashSecret(sessionId),
        apiKeyId: keyId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
      });
    });
  }

  private async find(sessionId: string): Promise<string | null> {
    const found = await this.db.read((em) =>
      this.sessions.findLive(em, hashSecret(sessionId), this.clock.now()),
    );
    return found?.apiKeyId ?? null;
  }

  private end(sessionId: string): Promise<void> {
    return this.db.transaction((em) => this.sessions.remove(em, hashSecret(sessionId)));
  }
}
