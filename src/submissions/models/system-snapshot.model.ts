import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { Hosting } from '../../systems/hosting';
import { RenewalDecision } from '../../systems/renewal-decision';

/** An entry of a borough's list as it stood after one version: plain values, no references. */
@ObjectType()
export class SystemSnapshot {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  rank!: number;

  @Field()
  name!: string;

  @Field()
  categoryCode!: string;

  @Field()
  supplierName!: string;

  @Field(() => String, { nullable: true })
  supplierCompaniesHouseNumber!: string | null;

  @Field(() => String, { nullable: true })
  productName!: string | null;

  @Field(() => String, { nullable: true })
  contractReference!: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  contractStart!: string | null;

  @Field(() => LocalDateScalar)
  contractEnd!: string;

  @Field(() => LocalDateScalar, { nullable: true })
  maxExtentDate!: string | null;

  @Field(() => Int, { nullable: true })
  noticePeriodDays!: number | null;

  @Field(() => Int, { nullable: true })
  annualValueGbp!: number | null;

  @Field(() => Float, { nullable: true })
  totalValueGbp!: number | null;

  @Field(() => Hosting)
  hosting!: Hosting;

  @Field(() => String, { nullable: true })
  routeToMarket!: string | null;

  @Field()
  openToCollaboration!: boolean;

  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Field(() => RenewalDecision)
  renewalDecision!: RenewalDecision;

  @Field(() => String, { nullable: true })
  decisionNote!: string | null;

  @Field(() => Date, { description: 'When the entry last changed, as of this version.' })
  updatedAt!: Date;
}
