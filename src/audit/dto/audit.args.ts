import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { AuditFilter } from './audit-filter.input';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;

const limitRule = { message: `must be a whole number from 0 to ${MAX_LIMIT}` };
const offsetRule = { message: 'must be 0 or more' };

/** A page of the audit trail, newest first. */
@ArgsType()
export class AuditArgs {
  @Field(() => AuditFilter, { nullable: true })
  filter?: AuditFilter | null;

  @Field(() => Int, {
    nullable: true,
    description: `Default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}.`,
  })
  @IsOptional()
  @IsInt(limitRule)
  @Min(0, limitRule)
  @Max(MAX_LIMIT, limitRule)
  limit?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt(offsetRule)
  @Min(0, offsetRule)
  offset?: number | null;
}
