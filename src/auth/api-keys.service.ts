import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsNull } from 'typeorm';
import { audit } from '../audit/audit-log';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Database } from '../database/database';
import { Borough } from '../boroughs/borough.entity';
import { ApiKey, Role } from './api-key.entity';
import { hashSecret } from './bearer';
import { Principal } from './principal';

type Actor = Pick<Principal, 'keyId' | 'label'>;
/** Keys are managed from the command line by someone with database access. */
const OPERATOR: Actor = { keyId: null, label: 'npm run apikey' };

export interface CreateKeyOptions {
  role: Role;
  label: string;
  boroughGssCode?: string;
  expiresAt?: Date;
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
    private readonly clock: Clock,
  ) {}

  async create(
    options: CreateKeyOptions,
    actor: Actor = OPERATOR,
  ): Promise<{ key: ApiKey; secret: string }> {
    const label = options.label.trim();
    if (!label || label.length > 200) {
      throw DomainError.badInput([{ path: 'label', message: 'must be 1 to 200 characters' }]);
    }
    if ((options.role === Role.BOROUGH_LEAD) !== (options.boroughGssCode !== undefined)) {
      throw DomainError.badInput([
        { path: 'borough', message: 'is required for BOROUGH_LEAD keys and only for them' },
      ]);
    }
    const secret = `crk_${randomBytes(32).toString('base64url')}`;
    const key = await this.db.transaction(async (em) => {
      const boroughId = options.boroughGssCode
        ? (await em.findOneBy(Borough, { gssCode: options.boroughGssCode }))?.id
        : null;
      if (boroughId === undefined) {
        throw DomainError.badInput([
          { path: 'borough', message: `no borough has GSS code ${options.boroughGssCode}` },
        ]);
      }
      const saved = await em.save(
        em.create(ApiKey, {
          id: randomUUID(),
          label,
          role: options.role,
          boroughId,
          secretHash: hashSecret(secret),
          demo: false,
          createdAt: this.clock.now(),
          expiresAt: options.expiresAt ?? null,
          revokedAt: null,
        }),
      );
      await audit(em, actor, saved.createdAt, {
        action: 'apikey.create',
        boroughId,
        targetId: saved.id,
        after: { label, role: saved.role, expiresAt: saved.expiresAt },
      });
      return saved;
    });
    return { key, secret };
  }

  async list(): Promise<KeyListing[]> {
    const now = this.clock.now();
    return this.db.read(async (em) => {
      const keys = await em.find(ApiKey, { order: { createdAt: 'ASC', id: 'ASC' } });
      const boroughs = new Map((await em.find(Borough)).map((b) => [b.id, b.gssCode]));
      return keys.map((key) => ({
        key,
        boroughGssCode: key.boroughId ? (boroughs.get(key.boroughId) ?? null) : null,
        status: key.revokedAt
          ? 'revoked'
          : key.expiresAt && key.expiresAt <= now
            ? 'expired'
            : 'active',
      }));
    });
  }

  async revoke(id: string, actor: Actor = OPERATOR): Promise<ApiKey> {
    return this.db.transaction(async (em) => {
      const key = await em.findOneBy(ApiKey, { id });
      if (!key) throw DomainError.notFound(`No API key has id ${id}`);
      if (!key.revokedAt) {
        key.revokedAt = this.clock.now();
        await em.update(ApiKey, { id }, { revokedAt: key.revokedAt });
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
      const result = await em.update(
        ApiKey,
        { demo: true, revokedAt: IsNull() },
        { revokedAt: now },
      );
      await audit(em, actor, now, {
        action: 'apikey.revoke-demo',
        details: { revoked: result.affected ?? 0 },
      });
      return result.affected ?? 0;
    });
  }

  /** The principal for a bearer secret, or UNAUTHENTICATED. Revoked and expired keys fail. */
  authenticate(secret: string | undefined): Promise<Principal> {
    return this.authenticateHash(secret ? hashSecret(secret) : null);
  }

  /** As `authenticate`, for a secret already hashed (see `bearerHash`). */
  async authenticateHash(hash: string | null): Promise<Principal> {
    if (!hash) {
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        'An API key is required: send "Authorization: Bearer <key>"',
      );
    }
    const found = await this.db.read((em) =>
      em
        .createQueryBuilder(ApiKey, 'k')
        .leftJoinAndMapOne('k.borough', Borough, 'b', 'b.id = k.borough_id')
        .where('k.secret_hash = :hash', { hash })
        .andWhere('k.revoked_at IS NULL')
        .getOne(),
    );
    if (!found || (found.expiresAt && found.expiresAt <= this.clock.now())) {
      throw new DomainError(
        ErrorCode.UNAUTHENTICATED,
        'This API key is not valid (unknown, revoked or expired)',
      );
    }
    return {
      keyId: found.id,
      label: found.label,
      role: found.role,
      boroughGssCode: found.borough?.gssCode ?? null,
    };
  }

  /** Labels of demo keys still in the database: production must not start while any exist. */
  async demoKeyLabels(): Promise<string[]> {
    return this.db.read(async (em) =>
      (
        await em.find(ApiKey, {
          where: { demo: true, revokedAt: IsNull() },
          order: { label: 'ASC' },
        })
      ).map((k) => k.label),
    );
  }
}
