import { Injectable } from '@nestjs/common';
import { FieldErrors } from '../common/domain-error';
import { Database } from '../database/database';
import { SystemFilter } from './dto/system-filter.input';
import { ItSystem } from './it-system.entity';
import { SystemsRepository } from './systems.repository';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10000;
/** Far above any real filter, far below the databases' limits on bound parameters. */
export const MAX_FILTER_VALUES = 1000;

@Injectable()
export class SystemsService {
  constructor(
    private readonly db: Database,
    private readonly systems: SystemsRepository,
  ) {}

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
      filter.supplierIds?.length === 0 ||
      limit === 0
    ) {
      return [];
    }
    return this.db.read((em) => this.systems.page(em, filter, limit, offset, fields));
  }
}
