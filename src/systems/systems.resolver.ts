import { Args, Info, Int, Query, Resolver } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { requestedFields } from '../common/requested-fields';
import { SystemFilter } from './dto/system-filter.input';
import { ItSystem } from './it-system.entity';
import { DEFAULT_LIMIT, SystemsService } from './systems.service';

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
    @Info() info?: GraphQLResolveInfo,
  ): Promise<ItSystem[]> {
    return this.service.find(
      filter ?? {},
      limit ?? DEFAULT_LIMIT,
      offset ?? 0,
      info && requestedFields(info),
    );
  }
}
