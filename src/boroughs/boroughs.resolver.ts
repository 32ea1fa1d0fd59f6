import { ListSize } from '../common/query-limits';
import { Args, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Borough } from './borough.entity';
import { BoroughsService } from './boroughs.service';

@Resolver(() => Borough)
export class BoroughsResolver {
  constructor(private readonly service: BoroughsService) {}

  @ListSize(50)
  @Query(() => [Borough], { description: 'All authorities, sorted by short name.' })
  boroughs(): Promise<Borough[]> {
    return this.service.all();
  }

  @Query(() => Borough, { nullable: true })
  borough(@Args('gssCode') gssCode: string): Promise<Borough | null> {
    return this.service.byGssCode(gssCode);
  }

  @ResolveField(() => Boolean, {
    description:
      'True when the list was last changed or confirmed more than STALE_AFTER_DAYS (default 120) whole days ago, counted in London days, or never.',
  })
  stale(borough: Borough): boolean {
    return this.service.isStale(borough);
  }
}
