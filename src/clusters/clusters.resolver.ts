import { ListSize } from '../common/query-limits';
import { Args, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Borough } from '../boroughs/borough.entity';
import { BOROUGH } from '../boroughs/boroughs.repository';
import { RequestContext } from '../common/request-context';
import { Product } from '../suppliers/product.entity';
import { Supplier } from '../suppliers/supplier.entity';
import { PRODUCT, SUPPLIER } from '../suppliers/suppliers.repository';
import { ItSystem } from '../systems/it-system.entity';
import { SYSTEM } from '../systems/systems.repository';
import { ClustersService } from './clusters.service';
import { ClusterInput } from './dto/cluster.input';
import {
  ClusterMember,
  ExpiryCluster,
  ProductCount,
  SupplierCount,
} from './models/expiry-cluster.model';

@Resolver(() => ExpiryCluster)
export class ClustersResolver {
  constructor(private readonly service: ClustersService) {}

  @ListSize(50)
  @Query(() => [ExpiryCluster], {
    description:
      'Groups of boroughs whose contracts for the same kind of system can end together in the coming months, most urgent first.',
  })
  expiryClusters(
    @Args('input', { type: () => ClusterInput, nullable: true }) input?: ClusterInput,
  ): Promise<ExpiryCluster[]> {
    return this.service.find(input ?? {});
  }

  @ListSize(20)
  @ResolveField(() => [Borough], { description: 'The boroughs to convene, by name.' })
  async boroughs(cluster: ExpiryCluster, _args: unknown, ctx: RequestContext): Promise<Borough[]> {
    const boroughs = await ctx.loaders.loadManyOrFail(BOROUGH, cluster.boroughIds);
    return boroughs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

@Resolver(() => ClusterMember)
export class ClusterMemberResolver {
  @ResolveField(() => ItSystem)
  system(member: ClusterMember, _args: unknown, ctx: RequestContext): Promise<ItSystem> {
    return ctx.loaders.loadOrFail(SYSTEM, member.systemId);
  }
}

@Resolver(() => SupplierCount)
export class SupplierCountResolver {
  @ResolveField(() => Supplier)
  supplier(count: SupplierCount, _args: unknown, ctx: RequestContext): Promise<Supplier> {
    return ctx.loaders.loadOrFail(SUPPLIER, count.supplierId);
  }
}

@Resolver(() => ProductCount)
export class ProductCountResolver {
  @ResolveField(() => Product)
  product(count: ProductCount, _args: unknown, ctx: RequestContext): Promise<Product> {
    return ctx.loaders.loadOrFail(PRODUCT, count.productId);
  }
}
