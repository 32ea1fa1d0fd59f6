import { Injectable } from '@nestjs/common';
import { Borough } from '../boroughs/borough.entity';
import { Category } from '../categories/category.entity';
import { FieldErrors } from '../common/domain-error';
import { Database } from '../database/database';
import { SystemFilter } from './dto/system-filter.input';
import { ItSystem } from './it-system.entity';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10000;
/** Far above any real filter, far below the databases' limits on bound parameters. */
export const MAX_FILTER_VALUES = 1000;

@Injectable()
export class SystemsService {
  constructor(private readonly db: Database) {}

  /** Current entries of every borough, by contract end, then borough name, then rank. */
  async find(filter: SystemFilter = {}, limit = DEFAULT_LIMIT, offset = 0): Promise<ItSystem[]> {
    const errors = new FieldErrors();
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_LIMIT) {
      errors.add('limit', `must be a whole number from 0 to ${MAX_LIMIT}`);
    }
    if (!Number.isInteger(offset) || offset < 0) errors.add('offset', 'must be 0 or more');
    for (const key of ['boroughGssCodes', 'categoryCodes', 'supplierIds'] as const) {
      if ((filter[key]?.length ?? 0) > MAX_FILTER_VALUES) {
        errors.add(`filter.${key}`, `must have at most ${MAX_FILTER_VALUES} values`);
      }
    }
    if (filter.endingFrom && filter.endingTo && filter.endingFrom > filter.endingTo) {
      errors.add('filter.endingTo', `must be on or after endingFrom (${filter.endingFrom})`);
    }
    errors.throwIfAny();

    return this.db.read((em) => {
      const query = em
        .createQueryBuilder(ItSystem, 's')
        .innerJoin(Borough, 'b', 'b.id = s.borough_id')
        .where('s.retired_at IS NULL');
      if (filter.boroughGssCodes) {
        if (filter.boroughGssCodes.length === 0) return Promise.resolve([]);
        query.andWhere('b.gss_code IN (:...gss)', { gss: filter.boroughGssCodes });
      }
      if (filter.categoryCodes) {
        if (filter.categoryCodes.length === 0) return Promise.resolve([]);
        query
          .innerJoin(Category, 'c', 'c.id = s.category_id')
          .andWhere('c.code IN (:...codes)', { codes: filter.categoryCodes });
      }
      if (filter.supplierIds) {
        if (filter.supplierIds.length === 0) return Promise.resolve([]);
        query.andWhere('s.supplier_id IN (:...suppliers)', { suppliers: filter.supplierIds });
      }
      if (filter.endingFrom) query.andWhere('s.contract_end >= :from', { from: filter.endingFrom });
      if (filter.endingTo) query.andWhere('s.contract_end <= :to', { to: filter.endingTo });
      return query
        .orderBy('s.contract_end', 'ASC')
        .addOrderBy('b.name', 'ASC')
        .addOrderBy('s.rank', 'ASC')
        .limit(limit)
        .offset(offset)
        .getMany();
    });
  }
}
