import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Action } from '../access/policy';
import { Requires } from '../access/requires.decorator';
import { BOROUGH } from '../boroughs/boroughs.repository';
import { RequestContext } from '../common/request-context';
import { AuditEvent } from './audit-event.entity';
import { AuditService, DEFAULT_LIMIT, MAX_LIMIT } from './audit.service';
import { AuditFilter } from './dto/audit-filter.input';

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly service: AuditService) {}

  @Requires(Action.ADMINISTER)
  @Query(() => [AuditEvent], { description: 'Changes, newest first.' })
  auditEvents(
    @Args('filter', { type: () => AuditFilter, nullable: true }) filter?: AuditFilter,
    @Args('limit', {
      type: () => Int,
      nullable: true,
      description: `Default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}.`,
    })
    limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ): Promise<AuditEvent[]> {
    return this.service.find(filter ?? {}, limit ?? DEFAULT_LIMIT, offset ?? 0);
  }

  @ResolveField(() => String, { nullable: true })
  async gssCode(
    @Parent() event: AuditEvent,
    @Context() ctx: RequestContext,
  ): Promise<string | null> {
    return event.boroughId
      ? (await ctx.loaders.loadOrFail(BOROUGH, event.boroughId)).gssCode
      : null;
  }
}
