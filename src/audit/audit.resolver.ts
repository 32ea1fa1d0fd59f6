import { ListSize } from '../common/query-limits';
import { Args, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Action } from '../access/policy';
import { Requires } from '../access/requires.decorator';
import { BOROUGH } from '../boroughs/boroughs.repository';
import { RequestContext } from '../common/request-context';
import { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';
import { AuditArgs } from './dto/audit.args';

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly service: AuditService) {}

  @Requires(Action.ADMINISTER)
  @ListSize(100)
  @Query(() => [AuditEvent], { description: 'Changes, newest first.' })
  auditEvents(@Args() args: AuditArgs): Promise<AuditEvent[]> {
    return this.service.find(args);
  }

  @ResolveField(() => String, { nullable: true })
  async gssCode(event: AuditEvent, _args: unknown, ctx: RequestContext): Promise<string | null> {
    // An audit row keeps no foreign key: a record of a borough since gone reads as null.
    return event.boroughId
      ? ((await ctx.loaders.load(BOROUGH, event.boroughId))?.gssCode ?? null)
      : null;
  }
}
