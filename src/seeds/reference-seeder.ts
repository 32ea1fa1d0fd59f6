import { Injectable } from '@nestjs/common';
import { operator } from '../access/principal';
import { audit } from '../audit/audit.repository';
import { Borough } from '../boroughs/borough.entity';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { CategoriesRepository } from '../categories/categories.repository';
import { Category } from '../categories/category.entity';
import { Clock } from '../common/clock';
import { Database } from '../database/database';

/** The reference data (DESIGN §7): boroughs and categories, added wherever missing. */
@Injectable()
export class ReferenceSeeder {
  constructor(
    private readonly db: Database,
    private readonly boroughs: BoroughsRepository,
    private readonly categories: CategoriesRepository,
    private readonly clock: Clock,
  ) {}

  load(
    boroughs: readonly Pick<Borough, 'gssCode' | 'laeCode' | 'name' | 'shortName'>[],
    categories: readonly Omit<Category, 'id'>[],
  ): Promise<{ boroughsAdded: number; categoriesAdded: number }> {
    return this.db.transaction(async (em) => {
      const newBoroughs = await this.boroughs.addMissing(em, boroughs);
      const newCategories = await this.categories.addMissing(em, categories);
      if (newBoroughs.length + newCategories.length > 0) {
        await audit(em, operator('Reference data'), this.clock.now(), {
          action: 'reference.load',
          details: { boroughs: newBoroughs, categories: newCategories },
        });
      }
      return { boroughsAdded: newBoroughs.length, categoriesAdded: newCategories.length };
    });
  }

  /** Each borough's list version, by GSS code: 0 before its first submission. */
  async listVersions(): Promise<Map<string, number>> {
    const boroughs = await this.db.read((em) => this.boroughs.all(em));
    return new Map(boroughs.map((b) => [b.gssCode, b.version]));
  }
}
