import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Borough } from '../boroughs/borough.entity';
import { MAX_DATE } from '../common/dates';
import { FieldErrors } from '../common/domain-error';
import { Database } from '../database/database';
import { SystemFilter } from './dto/system-filter.input';
import { FIELD_COLUMNS, ItSystem } from './it-system.entity';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10000;
/** Far above any real filter, far below the databases' limits on bound parameters. */
export const MAX_FILTER_VALUES = 1000;

@Injectable()
export class SystemsService {
  constructor(private readonly db: Database) {}

  /**
   * Current entries of every borough, by contract end, then borough name, then rank. Given the
   * GraphQL fields wanted, the entries carry only the columns those read (and their id).
   */
  async find(
    filter: SystemFilter = {},
    limit = DEFAULT_LIMIT,
    offset = 0,
    fields?: ReadonlySet<string>,
  ): Promise<ItSystem[]> {
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

    if (
      filter.boroughGssCodes?.length === 0 ||
      filter.categoryCodes?.length === 0 ||
      filter.supplierIds?.length === 0
    ) {
      return [];
    }
    if (limit === 0) return [];

    return this.db.read((em) => {
      const matching = (alias: string) => {
        const query = em.createQueryBuilder(ItSystem, alias).where(`${alias}.retired_at IS NULL`);
        if (filter.boroughGssCodes) {
          query.andWhere(
            `${alias}.borough_id IN (SELECT fb.id FROM borough fb WHERE fb.gss_code IN (:...gss))`,
            { gss: filter.boroughGssCodes },
          );
        }
        if (filter.categoryCodes) {
          query.andWhere(
            `${alias}.category_id IN (SELECT fc.id FROM category fc WHERE fc.code IN (:...codes))`,
            { codes: filter.categoryCodes },
          );
        }
        if (filter.supplierIds) {
          query.andWhere(`${alias}.supplier_id IN (:...suppliers)`, {
            suppliers: filter.supplierIds,
          });
        }
        if (filter.endingFrom) {
          query.andWhere(`${alias}.contract_end >= :from`, { from: filter.endingFrom });
        }
        if (filter.endingTo)
          query.andWhere(`${alias}.contract_end <= :to`, { to: filter.endingTo });
        return query;
      };
      // The page ends at or before the contract end of the (offset + limit)th system by end date:
      // bounding the rows by it lets the database read them in index order and sort only the
      // page's rows by borough name, instead of joining and sorting the whole register.
      const pageEnd = matching('e')
        .select('e.contract_end')
        .orderBy('e.contract_end', 'ASC')
        .limit(1)
        .offset(offset + limit - 1);
      const query = matching('s')
        .select(selectedColumns(em, fields).map((column) => `s.${column}`))
        .innerJoin(Borough, 'b', 'b.id = s.borough_id')
        .andWhere(`s.contract_end <= COALESCE((${pageEnd.getQuery()}), :lastDate)`, {
          lastDate: MAX_DATE,
        })
        .setParameters(pageEnd.getParameters());
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

/** The columns to read for the fields wanted: every column unless each field is known. */
function selectedColumns(em: EntityManager, fields: ReadonlySet<string> | undefined): string[] {
  const columns = em.connection.getMetadata(ItSystem).columns.map((c) => c.propertyName);
  if (!fields) return columns;
  const known = new Set(columns);
  const selected = new Set<string>(['id']);
  for (const field of fields) {
    const reads = FIELD_COLUMNS[field] ?? (known.has(field) ? [field] : undefined);
    if (!reads) return columns;
    for (const column of reads) selected.add(column);
  }
  return [...selected];
}
