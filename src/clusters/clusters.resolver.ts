import { ListSize } from '../common/query-limits';
import { Args, Context, Info, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { Borough } from '../boroughs/borough.entity';
import { BOROUGH } from '../boroughs/boroughs.repository';
import { RequestContext } from '../common/request-context';
import { requestedFields, requestedFieldsAt } from '../common/requested-fields';
import { preloadRelations } from '../systems/entry-relations';
import type { Loaded } from '../common/loaders';
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

const byName = (boroughs: Borough[]) =>
  boroughs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

@Resolver(() => ExpiryCluster)
export class ClustersResolver {
  constructor(private readonly service: ClustersService) {}

  @ListSize(50)
  @Query(() => [ExpiryCluster], {
    description:
      'Groups of boroughs whose contracts for the same kind of system can end together in the coming months, most urgent first.',
  })
  async expiryClusters(
    @Args('input', { type: () => ClusterInput, nullable: true }) input?: ClusterInput,
    @Info() info?: GraphQLResolveInfo,
    @Context() ctx?: RequestContext,
  ): Promise<ExpiryCluster[]> {
    // What the query asks of the members' systems is read with the clusters, and their names are
    // loaded before the answer is built: at 30,000 members, one promise per member and per name
    // made up most of the answer's time.
    const entryFields = info && requestedFieldsAt(info, ['members', 'system']);
    const clusters = await this.service.find(input ?? {}, entryFields);
    if (ctx && info) {
      const entries = entryFields ? clusters.flatMap((c) => c.members.map((m) => m.system!)) : [];
      await Promise.all([
        entryFields && preloadRelations(ctx.loaders, entries, entryFields),
        requestedFields(info)?.has('boroughs') &&
          ctx.loaders.preload(
            BOROUGH,
            clusters.flatMap((c) => c.boroughIds),
          ),
      ]);
    }
    return clusters;
  }

  @ListSize(20)
  @ResolveField(() => [Borough], { description: 'The boroughs to convene, by name.' })
  boroughs(cluster: ExpiryCluster, _args: unknown, ctx: RequestContext): Loaded<Borough[]> {
    const boroughs = ctx.loaders.loadManyOrFail(BOROUGH, cluster.boroughIds);
    return boroughs instanceof Promise ? boroughs.then(byName) : byName(boroughs);
  }
}

@Resolver(() => ClusterMember)
export class ClusterMemberResolver {
  @ResolveField(() => ItSystem)
  system(member: ClusterMember, _args: unknown, ctx: RequestContext): Loaded<ItSystem> {
    return member.system ?? ctx.loaders.loadOrFail(SYSTEM, member.systemId);
  }
}

@Resolver(() => SupplierCount)
export class SupplierCountResolver {
  @ResolveField(() => Supplier)
  supplier(count: SupplierCount, _args: unknown, ctx: RequestContext): Loaded<Supplier> {
    return ctx.loaders.loadOrFail(SUPPLIER, count.supplierId);
  }
}

@Resolver(() => ProductCount)
export class ProductCountResolver {
  @ResolveField(() => Product)
  product(count: ProductCount, _args: unknown, ctx: RequestContext): Loaded<Product> {
    return ctx.loaders.loadOrFail(PRODUCT, count.productId);
  }
}
