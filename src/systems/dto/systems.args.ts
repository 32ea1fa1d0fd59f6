import { ArgsType, Field, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { limitRule, PageArgs } from '../../common/page.args';
import { SystemFilter } from './system-filter.input';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10000;

const limit = limitRule(MAX_LIMIT);

/** A page of the register: which entries, how many, from where. */
@ArgsType()
export class SystemsArgs extends PageArgs {
  @Field(() => SystemFilter, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => SystemFilter)
  filter?: SystemFilter | null;

  @Field(() => Int, { nullable: true, description: `Default ${DEFAULT_LIMIT}, at most 10000.` })
  @IsOptional()
  @IsInt(limit)
  @Min(0, limit)
  @Max(MAX_LIMIT, limit)
  limit?: number | null;
}
