import { Injectable } from '@nestjs/common';
import { FieldErrors } from '../common/domain-error';
import { checkInput } from '../common/validation';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { CategoriesRepository } from '../categories/categories.repository';
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
    private readonly boroughs: BoroughsRepository,
    private readonly categories: CategoriesRepository,
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
    errors.throwIfAny();

    if (
      filter.boroughGssCodes?.length === 0 ||
      filter.categoryCodes?.length === 0 ||
      filter.supplierIds?.length === 0 ||
      limit === 0
    ) {
      return [];
    }
    return this.db.read(async (em) => {
      // Codes nobody has match nothing, as an empty list does.
      const boroughIds = filter.boroughGssCodes
        ? (await this.boroughs.byGssCodes(em, filter.boroughGssCodes)).map((b) => b.id)
        : undefined;
      const categoryIds = filter.categoryCodes
        ? (await this.categories.byCodes(em, filter.categoryCodes)).map((c) => c.id)
        : undefined;
      if (boroughIds?.length === 0 || categoryIds?.length === 0) return [];
      const entries = {
        boroughIds,
        categoryIds,
        supplierIds: filter.supplierIds ?? undefined,
        endingFrom: filter.endingFrom,
        endingTo: filter.endingTo,
      };
      return this.systems.page(em, entries, limit, offset, fields);
    });
  }
}
