import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';

export const EXPECTED_VERSION = {
  type: () => Int,
  nullable: true,
  description: "The list's current version as you last read it; CONFLICT if it has moved on.",
} as const;

const rankRule = { message: 'must be a whole number from 1 to 10' };

/** Which entry to take off a borough's list. */
@ArgsType()
export class RemoveSystemArgs {
  @Field()
  gssCode!: string;

  @Field(() => Int)
  @IsInt(rankRule)
  @Min(1, rankRule)
  @Max(10, rankRule)
  rank!: number;

  @Field(EXPECTED_VERSION.type, EXPECTED_VERSION)
  expectedVersion?: number | null;
}
