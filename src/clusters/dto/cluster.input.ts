import { Field, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, IsInt, IsOptional, Max, Min } from 'class-validator';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { ClusterGrouping } from '../cluster-grouping';

/** More codes than there are categories or authorities in England is not a real question. */
export const MAX_CODES = 500;

const wholeFrom = (min: number, max: number) => ({
  message: `must be a whole number from ${min} to ${max}`,
});
const tooManyCodes = { message: `must have at most ${MAX_CODES} codes` };

@InputType({
  description: 'How to look for joint procurement opportunities; every field is optional.',
})
export class ClusterInput {
  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'The day to look from; default today (Europe/London).',
  })
  asOf?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Contracts ending within this many months of asOf, 1–60; default 12.',
  })
  @IsOptional()
  @IsInt(wholeFrom(1, 60))
  @Min(1, wholeFrom(1, 60))
  @Max(60, wholeFrom(1, 60))
  horizonMonths?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'How many months apart the members may end at most, after extensions, 0–24; default 6.',
  })
  @IsOptional()
  @IsInt(wholeFrom(0, 24))
  @Min(0, wholeFrom(0, 24))
  @Max(24, wholeFrom(0, 24))
  maxSpreadMonths?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Distinct boroughs a cluster needs, 2 or more; default 2.',
  })
  @IsOptional()
  @IsInt({ message: 'must be 2 or more' })
  @Min(2, { message: 'must be 2 or more' })
  minBoroughs?: number | null;

  @Field(() => ClusterGrouping, { nullable: true, description: 'Default CATEGORY.' })
  groupBy?: ClusterGrouping | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Whether advertised extension options (maxExtentDate) may be used to align; default true.',
  })
  useExtensions?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'Only these categories take part.' })
  @IsOptional()
  @ArrayMaxSize(MAX_CODES, tooManyCodes)
  categoryCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Only these boroughs' systems take part." })
  @IsOptional()
  @ArrayMaxSize(MAX_CODES, tooManyCodes)
  boroughGssCodes?: string[] | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Months before the window a procurement must start, 0–60; default the members' largest category lead time.",
  })
  @IsOptional()
  @IsInt(wholeFrom(0, 60))
  @Min(0, wholeFrom(0, 60))
  @Max(60, wholeFrom(0, 60))
  leadTimeMonths?: number | null;
}
