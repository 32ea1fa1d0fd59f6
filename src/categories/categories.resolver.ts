import { Query, Resolver } from '@nestjs/graphql';
import { CategoriesService } from './categories.service';
import { Category } from './category.entity';

@Resolver(() => Category)
export class CategoriesResolver {
  constructor(private readonly service: CategoriesService) {}

  @Query(() => [Category], { description: 'The kinds of system, sorted by name.' })
  categories(): Promise<Category[]> {
    return this.service.all();
  }
}
