import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';
import { bigintAsNumber } from '../database/bigint-transformer';
import { Hosting } from './hosting';
import { keyDate } from './key-date';
import { RenewalDecision } from './renewal-decision';

registerEnumType(Hosting, { name: 'Hosting' });

/**
 * One entry of a borough's top ten with its current contract. Rows are never deleted: an entry
 * dropped from the list is retired (`retiredAt` set) so that its identity survives in history.
 */
@ObjectType({
  description: "One entry of a borough's top ten IT systems, with its current contract.",
})
@Entity('it_system')
export class ItSystem {
  @Field(() => ID, { description: 'Stable across versions of the list.' })
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'borough_id', type: 'varchar', length: 36 })
  boroughId!: string;

  @Field(() => Int, { description: "Position in the borough's top ten, 1 to 10." })
  @Column({ type: 'integer' })
  rank!: number;

  @Field({ description: "The borough's own label for the system." })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'category_id', type: 'varchar', length: 36 })
  categoryId!: string;

  @Column({ name: 'supplier_id', type: 'varchar', length: 36 })
  supplierId!: string;

  @Column({ name: 'product_id', type: 'varchar', length: 36, nullable: true })
  productId!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'contract_reference', type: 'varchar', length: 100, nullable: true })
  contractReference!: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  @Column({ name: 'contract_start', type: 'date', nullable: true })
  contractStart!: string | null;

  @Field(() => LocalDateScalar, { description: 'When the current term ends.' })
  @Column({ name: 'contract_end', type: 'date' })
  contractEnd!: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: "The furthest date the contract's advertised extension options reach.",
  })
  @Column({ name: 'max_extent_date', type: 'date', nullable: true })
  maxExtentDate!: string | null;

  @Field(() => Int, { nullable: true, description: 'Days of notice needed to end or not renew.' })
  @Column({ name: 'notice_period_days', type: 'integer', nullable: true })
  noticePeriodDays!: number | null;

  @Field(() => LocalDateScalar, {
    description:
      'The key date: the last day to give notice (contractEnd − noticePeriodDays), else contractEnd.',
  })
  get noticeDeadline(): string {
    return keyDate(this.contractEnd, this.noticePeriodDays);
  }

  @Field(() => Int, { nullable: true, description: 'Whole pounds a year.' })
  @Column({ name: 'annual_value_gbp', type: 'integer', nullable: true })
  annualValueGbp!: number | null;

  @Field(() => Float, { nullable: true, description: 'Whole pounds over the whole contract.' })
  @Column({ name: 'total_value_gbp', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  totalValueGbp!: number | null;

  @Field(() => Hosting)
  @Column({ type: 'varchar', length: 20, default: Hosting.UNKNOWN })
  hosting!: Hosting;

  @Field(() => String, { nullable: true, description: 'e.g. CCS RM6259 Lot 3.' })
  @Column({ name: 'route_to_market', type: 'varchar', length: 200, nullable: true })
  routeToMarket!: string | null;

  @Field()
  @Column({ name: 'open_to_collaboration', type: 'boolean', default: true })
  openToCollaboration!: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  notes!: string | null;

  @Field(() => RenewalDecision)
  @Column({
    name: 'renewal_decision',
    type: 'varchar',
    length: 20,
    default: RenewalDecision.UNDECIDED,
  })
  renewalDecision!: RenewalDecision;

  @Field(() => String, { nullable: true, description: 'Why, in at most 500 characters.' })
  @Column({ name: 'decision_note', type: 'varchar', length: 500, nullable: true })
  decisionNote!: string | null;

  @Field(() => Date, { description: 'When this entry last changed.' })
  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'retired_at', type: Date, nullable: true })
  retiredAt!: Date | null;
}
