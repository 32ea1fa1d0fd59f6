import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { limitRule, PageArgs } from '../../common/page.args';

/**
 * A list changed every week for twenty years has about 1,000 versions: by default the history is
 * every version a real list has, and no answer grows without bound (each version carries its
 * whole list).
 */
export const DEFAULT_HISTORY_LIMIT = 1000;
const MAX_HISTORY_LIMIT = 1000;

const limit = limitRule(MAX_HISTORY_LIMIT);

/** A page of a borough's history, newest first. */
@ArgsType()
export class SubmissionsArgs extends PageArgs {
  @Field()
  gssCode!: string;

  @Field(() => Int, {
    nullable: true,
    description: `Versions to return, newest first: default ${DEFAULT_HISTORY_LIMIT}, at most ${MAX_HISTORY_LIMIT}.`,
  })
  @IsOptional()
  @IsInt(limit)
  @Min(0, limit)
  @Max(MAX_HISTORY_LIMIT, limit)
  limit?: number | null;
}
