import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_RANK, rankRule } from '../../systems/dto/it-system.input';

export const EXPECTED_VERSION = {
  type: () => Int,
  nullable: true,
  description: "The list's current version as you last read it; CONFLICT if it has moved on.",
} as const;

/** Which entry to take off a borough's list. */
@ArgsType()
export class RemoveSystemArgs {
  @Field()
  gssCode!: string;

  @Field(() => Int)
  @IsInt(rankRule)
  @Min(1, rankRule)
  @Max(MAX_RANK, rankRule)
  rank!: number;

  @Field(EXPECTED_VERSION.type, EXPECTED_VERSION)
  expectedVersion?: number | null;
}
