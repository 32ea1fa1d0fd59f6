import { Query, Resolver } from '@nestjs/graphql';
import { Database } from '../database/database';
import { Category } from './category.entity';

@Resolver(() => Category)
export class CategoriesResolver {
  constructor(private readonly db: Database) {}

  @Query(() => [Category], { description: 'The kinds of system, sorted by name.' })
  categories(): Promise<Category[]> {
    return this.db.read((em) => em.find(Category, { order: { name: 'ASC' } }));
  }
}
