import { Module } from '@nestjs/common';
import { inOrder, LoaderRegistry } from '../common/loaders';
import { Database } from '../database/database';
import { CategoriesRepository, CATEGORY } from './categories.repository';
import { CategoriesResolver } from './categories.resolver';
import { CategoriesService } from './categories.service';

@Module({
  providers: [CategoriesRepository, CategoriesService, CategoriesResolver],
  exports: [CategoriesRepository, CategoriesService],
})
export class CategoriesModule {
  constructor(registry: LoaderRegistry, db: Database, categories: CategoriesRepository) {
    registry.register(CATEGORY, async (ids) =>
      inOrder(ids, await db.read((em) => categories.byIds(em, ids)), (c) => c.id),
    );
  }
}
