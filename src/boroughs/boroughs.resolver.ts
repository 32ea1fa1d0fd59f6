import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../common/request-context';
import { ItSystem } from '../systems/it-system.entity';
import { Borough } from './borough.entity';
import { BoroughsService } from './boroughs.service';

@Resolver(() => Borough)
export class BoroughsResolver {
  constructor(private readonly service: BoroughsService) {}

  @Query(() => [Borough], { description: 'All authorities, sorted by short name.' })
  boroughs(): Promise<Borough[]> {
    return this.service.all();
  }

  @Query(() => Borough, { nullable: true })
  borough(@Args('gssCode') gssCode: string): Promise<Borough | null> {
    return this.service.byGssCode(gssCode);
  }

  @ResolveField(() => [ItSystem], { description: 'The current list, by rank.' })
  systems(@Parent() borough: Borough, @Context() ctx: RequestContext): Promise<ItSystem[]> {
    return ctx.loaders.systemsOfBorough.load(borough.id);
  }
}
