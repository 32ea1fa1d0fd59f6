import { Field, InputType, Int } from '@nestjs/graphql';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { ClusterGrouping } from '../cluster-grouping';

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
  horizonMonths?: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'How many months apart the members may end at most, after extensions, 0–24; default 6.',
  })
  maxSpreadMonths?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Distinct boroughs a cluster needs, 2 or more; default 2.',
  })
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
  categoryCodes?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Only these boroughs' systems take part." })
  boroughGssCodes?: string[] | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Months before the window a procurement must start, 0–60; default the members' largest category lead time.",
  })
  leadTimeMonths?: number | null;
}
