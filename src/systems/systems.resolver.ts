import { ListSize } from '../common/query-limits';
import { Args, Context, Info, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Borough } from '../boroughs/borough.entity';
import { BOROUGH } from '../boroughs/boroughs.repository';
import { CATEGORY } from '../categories/categories.repository';
import { Category } from '../categories/category.entity';
import { RequestContext } from '../common/request-context';
import type { Loaded } from '../common/loaders';
import { requestedFields } from '../common/requested-fields';
import { Product } from '../suppliers/product.entity';
import { Supplier } from '../suppliers/supplier.entity';
import { PRODUCT, SUPPLIER } from '../suppliers/suppliers.repository';
import { DEFAULT_LIMIT, SystemsArgs } from './dto/systems.args';
import { preloadRelations } from './entry-relations';
import { ItSystem } from './it-system.entity';
import { SYSTEMS_OF_BOROUGH, SYSTEMS_OF_SUPPLIER } from './systems.repository';
import { SystemsService } from './systems.service';

/**
 * The register's entries, and their relations: an entry holds its borough, category, supplier and
 * product. Field resolvers here and everywhere take `(parent, args, context)` without parameter
 * decorators: Nest then hands them to GraphQL as they are, without its per-call wrapping, which a
 * list of 330 entries would pay 1,320 times.
 */
@Resolver(() => ItSystem)
export class SystemsResolver {
  constructor(private readonly service: SystemsService) {}

  @ListSize(1000)
  @Query(() => [ItSystem], {
    description: 'Current entries of all boroughs, by contract end, then borough name, then rank.',
  })
  async systems(
    @Args() { filter, limit, offset }: SystemsArgs,
    @Info() info?: GraphQLResolveInfo,
    @Context() ctx?: RequestContext,
  ): Promise<ItSystem[]> {
    const fields = info && requestedFields(info);
    const entries = await this.service.find(
      filter ?? {},
      limit ?? DEFAULT_LIMIT,
      offset ?? 0,
      fields,
    );
    if (ctx && fields) await preloadRelations(ctx.loaders, entries, fields);
    return entries;
  }

  @ResolveField(() => Borough)
  borough(system: ItSystem, _args: unknown, ctx: RequestContext): Loaded<Borough> {
    return ctx.loaders.loadOrFail(BOROUGH, system.boroughId);
  }

  @ResolveField(() => Category)
  category(system: ItSystem, _args: unknown, ctx: RequestContext): Loaded<Category> {
    return ctx.loaders.loadOrFail(CATEGORY, system.categoryId);
  }

  @ResolveField(() => Supplier)
  supplier(system: ItSystem, _args: unknown, ctx: RequestContext): Loaded<Supplier> {
    return ctx.loaders.loadOrFail(SUPPLIER, system.supplierId);
  }

  @ResolveField(() => Product, { nullable: true })
  product(system: ItSystem, _args: unknown, ctx: RequestContext): Loaded<Product> | null {
    return system.productId ? ctx.loaders.loadOrFail(PRODUCT, system.productId) : null;
  }
}

/** A borough's current list: the entries hold the borough, so this feature answers it. */
@Resolver(() => Borough)
export class BoroughSystemsResolver {
  @ResolveField(() => [ItSystem], { description: 'The current list, by rank.' })
  systems(borough: Borough, _args: unknown, ctx: RequestContext): Loaded<ItSystem[]> {
    return ctx.loaders.loadOrFail(SYSTEMS_OF_BOROUGH, borough.id);
  }
}

/** A supplier's current entries: the entries hold the supplier, so this feature answers it. */
@Resolver(() => Supplier)
export class SupplierSystemsResolver {
  @ListSize(50)
  @ResolveField(() => [ItSystem], {
    description: 'Current entries it supplies, by borough name and rank.',
  })
  systems(supplier: Supplier, _args: unknown, ctx: RequestContext): Loaded<ItSystem[]> {
    return ctx.loaders.loadOrFail(SYSTEMS_OF_SUPPLIER, supplier.id);
  }
}
