import { ArgsType, Field, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { SystemFilter } from './system-filter.input';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10000;

const limitRule = { message: `must be a whole number from 0 to ${MAX_LIMIT}` };
const offsetRule = { message: 'must be 0 or more' };

/** A page of the register: which entries, how many, from where. */
@ArgsType()
export class SystemsArgs {
  @Field(() => SystemFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SystemFilter)
  filter?: SystemFilter | null;

  @Field(() => Int, { nullable: true, description: `Default ${DEFAULT_LIMIT}, at most 10000.` })
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
