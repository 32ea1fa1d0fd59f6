import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { LoaderKey } from '../common/loaders';
import { DomainError } from '../common/domain-error';
import { Database } from '../database/database';
import { PlainRows } from '../database/plain-rows';
import { Borough } from './borough.entity';

/** Boroughs by id, batched per request. */
export const BOROUGH = new LoaderKey<string, Borough>('borough');

const notFound = (gssCode: string) => DomainError.notFound(`No borough has GSS code ${gssCode}`);

/**
 * The `borough` table: the one place that reads and writes it. Methods run in the unit of work
 * they are given (`Database.read` or `Database.transaction`), so they compose inside a caller's
 * transaction.
 */
@Injectable()
export class BoroughsRepository {
  /**
   * Counts the changes this process makes to the names of authorities, so that what
   * is derived from them can be kept until they change (ClusterReferences). Counted when written,
   * committed or not: a rollback only costs a re-read.
   */
  private namesChanged = 0;

  get namesVersion(): number {
    return this.namesChanged;
  }

  constructor(private readonly db: Database) {}

  all(em: EntityManager): Promise<Borough[]> {
    return em.find(Borough, { order: { shortName: 'ASC' } });
  }

  /** Every borough's names, without the rest of its row: 10,000 bodies at national scale. */
  names(
    em: EntityManager,
  ): Promise<{ id: string; gssCode: string; name: string; shortName: string }[]> {
    return em
      .createQueryBuilder(Borough, 'b')
      .select('b.id', 'id')
      .addSelect('b.gss_code', 'gssCode')
      .addSelect('b.name', 'name')
      .addSelect('b.short_name', 'shortName')
      .getRawMany();
  }

  /** When each borough's list was last changed or confirmed (DESIGN §11). */
  confirmations(em: EntityManager): Promise<Pick<Borough, 'id' | 'lastConfirmedAt'>[]> {
    return em.find(Borough, { select: { id: true, lastConfirmedAt: true } });
  }

  /**
   * The ids of the boroughs whose list is stale (never confirmed, or last changed or confirmed
   * before `before`), or fresh, as a query to select within: at national scale thousands of lists
   * may be stale, too many ids to bind.
   */
  idsByFreshness(em: EntityManager, stale: boolean, before: Date): SelectQueryBuilder<Borough> {
    return em
      .createQueryBuilder(Borough, 'fb')
      .select('fb.id')
      .where(
        stale
          ? '(fb.last_confirmed_at IS NULL OR fb.last_confirmed_at < :staleBefore)'
          : 'fb.last_confirmed_at >= :staleBefore',
        { staleBefore: before },
      );
  }

  byIds(em: EntityManager, ids: readonly string[]): Promise<Borough[]> {
    return new PlainRows(em, Borough).byIds(ids);
  }

  findByGss(em: EntityManager, gssCode: string): Promise<Borough | null> {
    return em.findOneBy(Borough, { gssCode });
  }

  /** The borough with this GSS code, or NOT_FOUND. */
  async requireByGss(em: EntityManager, gssCode: string): Promise<Borough> {
    return (await this.findByGss(em, gssCode)) ?? Promise.reject(notFound(gssCode));
  }

  /**
   * The borough a person names by its GSS code (E09000007) or its three-letter LAE code (CMD, as
   * the demo keys and open contracting data write it), in any case; null if neither.
   */
  findByCode(em: EntityManager, code: string): Promise<Borough | null> {
    const upper = code.trim().toUpperCase();
    return em.findOne(Borough, { where: [{ gssCode: upper }, { laeCode: upper }] });
  }

  /** Those of `gssCodes` that name a borough, with their rows. */
  byGssCodes(em: EntityManager, gssCodes: readonly string[]): Promise<Borough[]> {
    return gssCodes.length === 0
      ? Promise.resolve([])
      : em.findBy(Borough, { gssCode: In([...new Set(gssCodes)]) });
  }

  /**
   * The borough with this GSS code, held until the transaction ends: its row is the lock on its
   * list, so two changes to one list take turns. NOT_FOUND when there is none.
   */
  async lockByGss(em: EntityManager, gssCode: string): Promise<Borough> {
    const query = em.createQueryBuilder(Borough, 'b').where('b.gss_code = :gssCode', { gssCode });
    return (await this.db.lockRows(query, 'update').getOne()) ?? Promise.reject(notFound(gssCode));
  }

  /** Records that the borough's list is now at `version`. */
  async setVersion(em: EntityManager, id: string, version: number, at: Date): Promise<void> {
    // A change is also a confirmation that the list is current (DESIGN §11).
    await em.update(Borough, { id }, { version, lastSubmittedAt: at, lastConfirmedAt: at });
  }

  /** Records that the borough's list was confirmed unchanged at `at` (no new version). */
  async setConfirmed(em: EntityManager, id: string, at: Date): Promise<void> {
    await em.update(Borough, { id }, { lastConfirmedAt: at });
  }

  /** Adds the reference rows that are missing, before any list; returns the GSS codes added. */
  async addMissing(
    em: EntityManager,
    boroughs: readonly Pick<Borough, 'gssCode' | 'laeCode' | 'name' | 'shortName'>[],
  ): Promise<string[]> {
    const have = new Set(
      (await em.find(Borough, { select: { gssCode: true } })).map((b) => b.gssCode),
    );
    const missing = boroughs.filter((b) => !have.has(b.gssCode));
    if (missing.length > 0) this.namesChanged++;
    for (const b of missing) {
      await em.insert(Borough, {
        id: randomUUID(),
        gssCode: b.gssCode,
        laeCode: b.laeCode,
        name: b.name,
        shortName: b.shortName,
        version: 0,
        lastSubmittedAt: null,
      });
    }
    return missing.map((b) => b.gssCode);
  }
}
