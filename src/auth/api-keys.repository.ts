import { Injectable } from '@nestjs/common';
import { EntityManager, IsNull } from 'typeorm';
import { ApiKey } from './api-key.entity';

/** The `api_key` table: the one place that reads and writes it. */
@Injectable()
export class ApiKeysRepository {
  async add(em: EntityManager, key: ApiKey): Promise<void> {
    await em.insert(ApiKey, key);
  }

  /** Every key, oldest first. */
  all(em: EntityManager): Promise<ApiKey[]> {
    return em.find(ApiKey, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findById(em: EntityManager, id: string): Promise<ApiKey | null> {
    return em.findOneBy(ApiKey, { id });
  }

  /** The unrevoked key with this secret hash, if any. */
  findUnrevokedByHash(em: EntityManager, secretHash: string): Promise<ApiKey | null> {
    return em.findOneBy(ApiKey, { secretHash, revokedAt: IsNull() });
  }

  findUnrevokedById(em: EntityManager, id: string): Promise<ApiKey | null> {
    return em.findOneBy(ApiKey, { id, revokedAt: IsNull() });
  }

  existsWithHash(em: EntityManager, secretHash: string): Promise<boolean> {
    return em.existsBy(ApiKey, { secretHash });
  }

  async revoke(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.update(ApiKey, { id }, { revokedAt: at });
  }

  /** Revokes every unrevoked demo key; returns how many. */
  async revokeDemo(em: EntityManager, at: Date): Promise<number> {
    return (
      (await em.update(ApiKey, { demo: true, revokedAt: IsNull() }, { revokedAt: at })).affected ??
      0
    );
  }

  /** Labels of unrevoked demo keys, by label. */
  async unrevokedDemoLabels(em: EntityManager): Promise<string[]> {
    return (
      await em.find(ApiKey, { where: { demo: true, revokedAt: IsNull() }, order: { label: 'ASC' } })
    ).map((k) => k.label);
  }
}
