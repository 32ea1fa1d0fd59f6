import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Actor, Principal } from '../access/principal';
import { needsBorough, Role } from '../access/role';
import { audit } from '../audit/audit.repository';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Database } from '../database/database';
import { bearerHash, hashSecret } from '../http/bearer';
import { noteKeyId } from '../http/request-log';
import { ApiKey } from './api-key.entity';
import { ApiKeysRepository } from './api-keys.repository';

/** A key past its expiry no longer works; one without an expiry works until revoked. */
const isExpired = (key: ApiKey, now: Date): boolean =>
  key.expiresAt !== null && key.expiresAt <= now;

/** Keys are managed from the command line by someone with database access. */
const OPERATOR: Actor = { keyId: null, label: 'npm run apikey' };

export interface CreateKeyOptions {
  role: Role;
  label: string;
  /** The borough of a BOROUGH_LEAD key: its GSS code or its LAE code. */
  boroughCode?: string;
  expiresAt?: Date;
}

/** A key with a well-known secret, for the demo (DESIGN §6). */
export interface DemoKey {
  secret: string;
  label: string;
  role: Role;
  gssCode?: string;
}

export interface KeyListing {
  key: ApiKey;
  boroughGssCode: string | null;
  status: 'active' | 'revoked' | 'expired';
}

/** API keys (DESIGN §6): a random 32-byte secret shown once, stored only as its SHA-256. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly db: Database,
    private readonly keys: ApiKeysRepository,
    private readonly boroughs: BoroughsRepository,
    private readonly clock: Clock,
  ) {}

  async create(
    options: CreateKeyOptions,
    actor: Actor = OPERATOR,
  ): Promise<{ key: ApiKey; secret: string; boroughGssCode: string | null }> {
    const label = options.label.trim();
    if (!label || label.length > 200) {
      throw DomainError.badInput([{ path: 'label', message: 'must be 1 to 200 characters' }]);
    }
    if (needsBorough(options.role) !== (options.boroughCode !== undefined)) {
      throw DomainError.badInput([
        { path: 'borough', message: 'is required for BOROUGH_LEAD keys and only for them' },
      ]);
    }
    const secret = `crk_${randomBytes(32).toString('base64url')}`;
    const key = await this.db.transaction(async (em) => {
      const borough = options.boroughCode
        ? await this.boroughs.findByCode(em, options.boroughCode)
        : undefined;
      const boroughId = borough === undefined ? null : borough?.id;
      if (boroughId === undefined) {
        throw DomainError.badInput([
          {
            path: 'borough',
            message: `no borough has GSS or LAE code ${options.boroughCode} (e.g. E09000007 or CMD for Camden)`,
          },
        ]);
      }
      const saved: ApiKey = {
        id: randomUUID(),
        label,
        role: options.role,
        boroughId,
        secretHash: hashSecret(secret),
        demo: false,
        createdAt: this.clock.now(),
        expiresAt: options.expiresAt ?? null,
        revokedAt: null,
      };
      await this.keys.add(em, saved);
      await audit(em, actor, saved.createdAt, {
        action: 'apikey.create',
        boroughId,
        targetId: saved.id,
        after: { label, role: saved.role, expiresAt: saved.expiresAt },
      });
      return { saved, boroughGssCode: borough?.gssCode ?? null };
    });
    return { key: key.saved, secret, boroughGssCode: key.boroughGssCode };
  }

  /** Adds the demo keys that are missing; returns how many were added. */
  async addDemoKeys(demoKeys: readonly DemoKey[], actor: Actor): Promise<number> {
    return this.db.transaction(async (em) => {
      const boroughs = await this.boroughs.byGssCodes(
        em,
        demoKeys.flatMap((k) => (k.gssCode ? [k.gssCode] : [])),
      );
      const boroughIds = new Map(boroughs.map((b) => [b.gssCode, b.id]));
      const now = this.clock.now();
      let added = 0;
      for (const demo of demoKeys) {
        const secretHash = hashSecret(demo.secret);
        if (await this.keys.existsWithHash(em, secretHash)) continue;
        await this.keys.add(em, {
          id: randomUUID(),
          label: demo.label,
          role: demo.role,
          boroughId: demo.gssCode ? boroughIds.get(demo.gssCode)! : null,
          secretHash,
          demo: true,
          createdAt: now,
          expiresAt: null,
          revokedAt: null,
        });
        added++;
      }
      if (added > 0) {
        await audit(em, actor, now, { action: 'apikey.create-demo', details: { created: added } });
      }
      return added;
    });
  }

  async list(): Promise<KeyListing[]> {
    const now = this.clock.now();
    return this.db.read(async (em) => {
      const keys = await this.keys.all(em);
      const boroughs = new Map((await this.boroughs.all(em)).map((b) => [b.id, b.gssCode]));
      return keys.map((key) => ({
        key,
        boroughGssCode: key.boroughId ? (boroughs.get(key.boroughId) ?? null) : null,
        status: key.revokedAt ? 'revoked' : isExpired(key, now) ? 'expired' : 'active',
      }));
    });
  }

  async revoke(id: string, actor: Actor = OPERATOR): Promise<ApiKey> {
    return this.db.transaction(async (em) => {
      const key = await this.keys.findById(em, id);
      if (!key) throw DomainError.notFound(`No API key has id ${id}`);
      if (!key.revokedAt) {
        key.revokedAt = this.clock.now();
        await this.keys.revoke(em, id, key.revokedAt);
        await audit(em, actor, key.revokedAt, {
          action: 'apikey.revoke',
          boroughId: key.boroughId,
          targetId: id,
          before: { label: key.label, role: key.role },
        });
      }
      return key;
    });
  }

  /** Revokes every demo key, e.g. before a production start; returns how many. */
  async revokeDemoKeys(actor: Actor = OPERATOR): Promise<number> {
    return this.db.transaction(async (em) => {
      const now = this.clock.now();
      const revoked = await this.keys.revokeDemo(em, now);
      await audit(em, actor, now, { action: 'apikey.revoke-demo', details: { revoked } });
      return revoked;
    });
  }

  /**
   * Who sent an HTTP request: by its `Authorization: Bearer <key>`, else by the key its console
   * session signed in with (DESIGN §10); UNAUTHENTICATED without either, or once the key is
   * revoked or expired.
   */
  async authenticateRequest(req: FastifyRequest): Promise<Principal> {
    const hash = bearerHash(req.raw);
    const keyId = hash ? undefined : req.session?.keyId;
    const principal = keyId
      ? await this.authenticateKey({ id: keyId }, 'Your session has ended: sign in again')
      : await this.authenticateHash(hash);
    noteKeyId(req, principal.keyId);
    return principal;
  }

  /**
   * The principal for a bearer secret, given as its hash (see `bearerHash`), or UNAUTHENTICATED.
   * Revoked and expired keys fail.
   */
  async authenticateHash(hash: string | null): Promise<Principal> {
    if (!hash) {
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        'An API key is required: send "Authorization: Bearer <key>"',
      );
    }
    return this.authenticateKey(
      { hash },
      'This API key is not valid (unknown, revoked or expired)',
    );
  }

  private async authenticateKey(
    by: { hash: string } | { id: string },
    refusal: string,
  ): Promise<Principal> {
    const found = await this.db.read(async (em) => {
      const key =
        'hash' in by
          ? await this.keys.findUnrevokedByHash(em, by.hash)
          : await this.keys.findUnrevokedById(em, by.id);
      const [borough] = key?.boroughId ? await this.boroughs.byIds(em, [key.boroughId]) : [];
      return key && { key, boroughGssCode: borough?.gssCode ?? null };
    });
    if (!found || isExpired(found.key, this.clock.now())) {
      throw new DomainError(ErrorCode.UNAUTHENTICATED, refusal);
    }
    return {
      keyId: found.key.id,
      label: found.key.label,
      role: found.key.role,
      boroughGssCode: found.boroughGssCode,
    };
  }

  /** Labels of demo keys still in the database: production must not start while any exist. */
  demoKeyLabels(): Promise<string[]> {
    return this.db.read((em) => this.keys.unrevokedDemoLabels(em));
  }
}
