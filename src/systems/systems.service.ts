import { Injectable } from '@nestjs/common';
import { FieldErrors } from '../common/domain-error';
import { checkInput } from '../common/validation';
import { Database } from '../database/database';
import { SystemFilter } from './dto/system-filter.input';
import { DEFAULT_LIMIT, SystemsArgs } from './dto/systems.args';
import { ItSystem } from './it-system.entity';
import { SystemsRepository } from './systems.repository';

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
    checkInput(SystemsArgs, { filter, limit, offset }, '', errors);
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
