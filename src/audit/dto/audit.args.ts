import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { limitRule, PageArgs } from '../../common/page.args';
import { AuditFilter } from './audit-filter.input';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const limit = limitRule(MAX_LIMIT);

/** A page of the audit trail, newest first. */
@ArgsType()
export class AuditArgs extends PageArgs {
  @Field(() => AuditFilter, { nullable: true })
  filter?: AuditFilter | null;

  @Field(() => Int, {
    nullable: true,
    description: `Default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}.`,
  })
  @IsOptional()
  @IsInt(limit)
  @Min(0, limit)
  @Max(MAX_LIMIT, limit)
  limit?: number | null;
}
