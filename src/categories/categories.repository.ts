import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { LoaderKey } from '../common/loaders';
import { Category } from './category.entity';

/** Categories by id, batched per request. */
export const CATEGORY = new LoaderKey<string, Category>('category');

/** The `category` table: the one place that reads and writes it. */
@Injectable()
export class CategoriesRepository {
  /**
   * Counts the changes this process makes to the names of categories (and their lead times), so that what
   * is derived from them can be kept until they change (ClusterReferences). Counted when written,
   * committed or not: a rollback only costs a re-read.
   */
  private namesChanged = 0;

  get namesVersion(): number {
    return this.namesChanged;
  }

  all(em: EntityManager): Promise<Category[]> {
    return em.find(Category, { order: { name: 'ASC' } });
  }

  byIds(em: EntityManager, ids: readonly string[]): Promise<Category[]> {
    return em.findBy(Category, { id: In([...ids]) });
  }

  /** Those of `codes` that name a category, with their rows. */
  byCodes(em: EntityManager, codes: readonly string[]): Promise<Category[]> {
    return codes.length === 0
      ? Promise.resolve([])
      : em.findBy(Category, { code: In([...new Set(codes)]) });
  }

  /** Adds the reference rows that are missing; returns the codes added. */
  async addMissing(
    em: EntityManager,
    categories: readonly Omit<Category, 'id'>[],
  ): Promise<string[]> {
    const have = new Set((await em.find(Category, { select: { code: true } })).map((c) => c.code));
    const missing = categories.filter((c) => !have.has(c.code));
    if (missing.length > 0) this.namesChanged++;
    for (const c of missing) await em.insert(Category, { id: randomUUID(), ...c });
    return missing.map((c) => c.code);
  }
}
