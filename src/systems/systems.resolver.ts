import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Borough } from '../boroughs/borough.entity';
import { Category } from '../categories/category.entity';
import { RequestContext } from '../common/request-context';
import { Product } from '../suppliers/product.entity';
import { Supplier } from '../suppliers/supplier.entity';
import { SystemFilter } from './dto/system-filter.input';
import { ItSystem } from './it-system.entity';
import { DEFAULT_LIMIT, SystemsService } from './systems.service';

const present = <T>(value: T | undefined, what: string): T => {
  // Foreign keys make a missing row impossible; if it happens the data is corrupt, not the input.
  if (value === undefined) throw new Error(`Missing ${what}`);
  return value;
};

@Resolver(() => ItSystem)
export class SystemsResolver {
  constructor(private readonly service: SystemsService) {}

  @Query(() => [ItSystem], {
    description: 'Current entries of all boroughs, by contract end, then borough name, then rank.',
  })
  systems(
    @Args('filter', { type: () => SystemFilter, nullable: true }) filter?: SystemFilter,
    @Args('limit', {
      type: () => Int,
      nullable: true,
      description: `Default ${DEFAULT_LIMIT}, at most 10000.`,
    })
    limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ): Promise<ItSystem[]> {
    return this.service.find(filter ?? {}, limit ?? DEFAULT_LIMIT, offset ?? 0);
  }

  @ResolveField(() => Borough)
  async borough(@Parent() system: ItSystem, @Context() ctx: RequestContext): Promise<Borough> {
    return present(await ctx.loaders.borough.load(system.boroughId), 'borough');
  }

  @ResolveField(() => Category)
  async category(@Parent() system: ItSystem, @Context() ctx: RequestContext): Promise<Category> {
    return present(await ctx.loaders.category.load(system.categoryId), 'category');
  }

  @ResolveField(() => Supplier)
  async supplier(@Parent() system: ItSystem, @Context() ctx: RequestContext): Promise<Supplier> {
    return present(await ctx.loaders.supplier.load(system.supplierId), 'supplier');
  }

  @ResolveField(() => Product, { nullable: true })
  async product(
    @Parent() system: ItSystem,
    @Context() ctx: RequestContext,
  ): Promise<Product | null> {
    return system.productId
      ? present(await ctx.loaders.product.load(system.productId), 'product')
      : null;
  }
}
