import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Borough } from '../boroughs/borough.entity';
import { RequestContext } from '../common/request-context';
import { Product } from '../suppliers/product.entity';
import { Supplier } from '../suppliers/supplier.entity';
import { ItSystem } from '../systems/it-system.entity';
import { ClustersService } from './clusters.service';
import { ClusterInput } from './dto/cluster.input';
import {
  ClusterMember,
  ExpiryCluster,
  ProductCount,
  SupplierCount,
} from './models/expiry-cluster.model';

const found = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`Missing ${what}`);
  return value;
};

@Resolver(() => ExpiryCluster)
export class ClustersResolver {
  constructor(private readonly service: ClustersService) {}

  @Query(() => [ExpiryCluster], {
    description:
      'Groups of boroughs whose contracts for the same kind of system can end together in the coming months, most urgent first.',
  })
  expiryClusters(
    @Args('input', { type: () => ClusterInput, nullable: true }) input?: ClusterInput,
  ): Promise<ExpiryCluster[]> {
    return this.service.find(input ?? {});
  }

  @ResolveField(() => [Borough], { description: 'The boroughs to convene, by name.' })
  async boroughs(
    @Parent() cluster: ExpiryCluster,
    @Context() ctx: RequestContext,
  ): Promise<Borough[]> {
    const boroughs = await ctx.loaders.borough.loadMany(cluster.boroughIds);
    return boroughs
      .map((b) => found(b instanceof Error ? undefined : b, 'borough'))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}

@Resolver(() => ClusterMember)
export class ClusterMemberResolver {
  @ResolveField(() => ItSystem)
  async system(@Parent() member: ClusterMember, @Context() ctx: RequestContext): Promise<ItSystem> {
    return found(await ctx.loaders.system.load(member.systemId), 'system');
  }
}

@Resolver(() => SupplierCount)
export class SupplierCountResolver {
  @ResolveField(() => Supplier)
  async supplier(
    @Parent() count: SupplierCount,
    @Context() ctx: RequestContext,
  ): Promise<Supplier> {
    return found(await ctx.loaders.supplier.load(count.supplierId), 'supplier');
  }
}

@Resolver(() => ProductCount)
export class ProductCountResolver {
  @ResolveField(() => Product)
  async product(@Parent() count: ProductCount, @Context() ctx: RequestContext): Promise<Product> {
    return found(await ctx.loaders.product.load(count.productId), 'product');
  }
}
