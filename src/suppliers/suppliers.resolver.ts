import { ListSize } from '../common/query-limits';
import { Args, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { Action } from '../access/policy';
import { Principal } from '../access/principal';
import { Requires } from '../access/requires.decorator';
import { RequestContext } from '../common/request-context';
import type { Loaded } from '../common/loaders';
import { MergeSuppliersArgs } from './dto/merge-suppliers.args';
import { SuppliersArgs } from './dto/suppliers.args';
import { Product } from './product.entity';
import { Supplier } from './supplier.entity';
import { SUPPLIER, SUPPLIER_ALIASES } from './suppliers.repository';
import { SuppliersService } from './suppliers.service';

@Resolver(() => Supplier)
export class SuppliersResolver {
  constructor(private readonly service: SuppliersService) {}

  @ListSize(200)
  @Query(() => [Supplier], {
    description:
      'Suppliers sorted by name; `search` matches names and aliases loosely, or a Companies House number.',
  })
  suppliers(@Args() { search }: SuppliersArgs): Promise<Supplier[]> {
    return this.service.search(search);
  }

  @Requires(Action.ADMINISTER)
  @Mutation(() => Supplier, {
    description:
      "Moves one supplier's systems, products and names to another; its name becomes an alias.",
  })
  mergeSuppliers(
    @CurrentPrincipal() principal: Principal,
    @Args() { fromId, intoId }: MergeSuppliersArgs,
  ): Promise<Supplier> {
    return this.service.merge(principal, fromId, intoId);
  }

  @ResolveField(() => [String], { description: 'Other names that resolve to this supplier.' })
  async aliases(supplier: Supplier, _args: unknown, ctx: RequestContext): Promise<string[]> {
    return (await ctx.loaders.load(SUPPLIER_ALIASES, supplier.id)) ?? [];
  }
}

@Resolver(() => Product)
export class ProductsResolver {
  @ResolveField(() => Supplier, { description: 'The manufacturer.' })
  supplier(product: Product, _args: unknown, ctx: RequestContext): Loaded<Supplier> {
    return ctx.loaders.loadOrFail(SUPPLIER, product.supplierId);
  }
}
