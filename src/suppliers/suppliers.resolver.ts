import {
  Args,
  Context,
  ID,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Role } from '../auth/api-key.entity';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { RequestContext } from '../common/request-context';
import { ItSystem } from '../systems/it-system.entity';
import { Product } from './product.entity';
import { Supplier } from './supplier.entity';
import { SuppliersService } from './suppliers.service';

@Resolver(() => Supplier)
export class SuppliersResolver {
  constructor(private readonly service: SuppliersService) {}

  @Query(() => [Supplier], {
    description:
      'Suppliers sorted by name; `search` matches names and aliases loosely, or a Companies House number.',
  })
  suppliers(
    @Args('search', { type: () => String, nullable: true }) search?: string,
  ): Promise<Supplier[]> {
    return this.service.search(search);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Supplier, {
    description:
      "Moves one supplier's systems, products and names to another; its name becomes an alias.",
  })
  mergeSuppliers(
    @CurrentPrincipal() principal: Principal,
    @Args('fromId', { type: () => ID }) fromId: string,
    @Args('intoId', { type: () => ID }) intoId: string,
  ): Promise<Supplier> {
    return this.service.merge(principal, fromId, intoId);
  }

  @ResolveField(() => [String], { description: 'Other names that resolve to this supplier.' })
  aliases(@Parent() supplier: Supplier, @Context() ctx: RequestContext): Promise<string[]> {
    return ctx.loaders.aliasesOfSupplier.load(supplier.id);
  }

  @ResolveField(() => [ItSystem], {
    description: 'Current entries it supplies, by borough name and rank.',
  })
  systems(@Parent() supplier: Supplier, @Context() ctx: RequestContext): Promise<ItSystem[]> {
    return ctx.loaders.systemsOfSupplier.load(supplier.id);
  }
}

@Resolver(() => Product)
export class ProductsResolver {
  @ResolveField(() => Supplier, { description: 'The manufacturer.' })
  async supplier(@Parent() product: Product, @Context() ctx: RequestContext): Promise<Supplier> {
    const supplier = await ctx.loaders.supplier.load(product.supplierId);
    if (!supplier) throw new Error('Missing supplier');
    return supplier;
  }
}
