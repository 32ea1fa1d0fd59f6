import {
  Args,
  Context,
  Field,
  InputType,
  Int,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Role } from '../auth/api-key.entity';
import { Roles } from '../auth/roles.decorator';
import { Borough } from '../boroughs/borough.entity';
import { DomainError, FieldErrors } from '../common/domain-error';
import { RequestContext } from '../common/request-context';
import { Database } from '../database/database';
import { AuditEvent } from './audit-event.entity';

@InputType()
export class AuditFilter {
  @Field(() => String, {
    nullable: true,
    description: 'An action, or a prefix ending in "." such as "list."',
  })
  action?: string | null;

  @Field(() => String, { nullable: true })
  gssCode?: string | null;

  @Field(() => String, { nullable: true })
  actorKeyId?: string | null;

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;
}

const MAX_LIMIT = 1000;

@Resolver(() => AuditEvent)
export class AuditResolver {
  constructor(private readonly db: Database) {}

  @Roles(Role.ADMIN)
  @Query(() => [AuditEvent], { description: 'Changes, newest first.' })
  async auditEvents(
    @Args('filter', { type: () => AuditFilter, nullable: true }) filter?: AuditFilter,
    @Args('limit', { type: () => Int, nullable: true, description: 'Default 100, at most 1000.' })
    limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ): Promise<AuditEvent[]> {
    const errors = new FieldErrors();
    const take = limit ?? 100;
    const skip = offset ?? 0;
    if (take < 0 || take > MAX_LIMIT)
      errors.add('limit', `must be a whole number from 0 to ${MAX_LIMIT}`);
    if (skip < 0) errors.add('offset', 'must be 0 or more');
    errors.throwIfAny();
    return this.db.read(async (em) => {
      const query = em
        .createQueryBuilder(AuditEvent, 'e')
        .orderBy('e.id', 'DESC')
        .limit(take)
        .offset(skip);
      if (filter?.action) {
        if (filter.action.endsWith('.'))
          query.andWhere('e.action LIKE :prefix', {
            prefix: `${filter.action.replace(/[%_\\\\]/g, '')}%`,
          });
        else query.andWhere('e.action = :action', { action: filter.action });
      }
      if (filter?.gssCode) {
        const borough = await em.findOneBy(Borough, { gssCode: filter.gssCode });
        if (!borough)
          throw DomainError.badInput([
            {
              path: 'filter.gssCode',
              message: `is not a known borough GSS code ("${filter.gssCode}")`,
            },
          ]);
        query.andWhere('e.borough_id = :borough', { borough: borough.id });
      }
      if (filter?.actorKeyId) query.andWhere('e.actor_key_id = :key', { key: filter.actorKeyId });
      if (filter?.from) query.andWhere('e.at >= :from', { from: filter.from });
      if (filter?.to) query.andWhere('e.at <= :to', { to: filter.to });
      return query.getMany();
    });
  }

  @ResolveField(() => String, { nullable: true })
  async gssCode(
    @Parent() event: AuditEvent,
    @Context() ctx: RequestContext,
  ): Promise<string | null> {
    return event.boroughId
      ? ((await ctx.loaders.borough.load(event.boroughId))?.gssCode ?? null)
      : null;
  }
}
