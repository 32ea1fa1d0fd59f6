import { ListSize } from '../../common/query-limits';
import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { ItSystem } from '../../systems/it-system.entity';
import { RenewalDecision } from '../../systems/renewal-decision';
import { ClusterGrouping } from '../cluster-grouping';

registerEnumType(ClusterGrouping, {
  name: 'ClusterGrouping',
  description: 'What the members of a cluster have in common.',
});

@ObjectType({ description: 'A contract in a cluster, and where it would end in the joint window.' })
export class ClusterMember {
  systemId!: string;

  /** The member's entry, when it was read with the cluster (only the columns asked for). */
  system?: ItSystem;

  @Field(() => LocalDateScalar, {
    description: 'Its end date moved as close to the latest member end as its extensions allow.',
  })
  alignedEnd!: string;

  @Field({ description: 'True when reaching alignedEnd uses an extension option.' })
  needsExtension!: boolean;

  @Field(() => RenewalDecision, {
    description: 'What its borough has decided to do when it ends.',
  })
  renewalDecision!: RenewalDecision;
}

@ObjectType({ description: 'How many members of a cluster have one renewal decision.' })
export class DecisionCount {
  @Field(() => RenewalDecision)
  decision!: RenewalDecision;

  @Field(() => Int)
  count!: number;
}

@ObjectType()
export class ClusterWindow {
  @Field(() => LocalDateScalar)
  start!: string;

  @Field(() => LocalDateScalar)
  end!: string;
}

@ObjectType({ description: 'How many members of a cluster are with one supplier.' })
export class SupplierCount {
  supplierId!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'How many members of a cluster run one product.' })
export class ProductCount {
  productId!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({
  description:
    'Boroughs whose contracts for the same kind of system (or supplier, or product) can all end within a few months of each other: a chance to buy together.',
})
export class ExpiryCluster {
  @Field(() => ID, { description: 'Stable for the same members grouped the same way.' })
  id!: string;

  @Field(() => ClusterGrouping)
  groupBy!: ClusterGrouping;

  @Field({ description: 'Name of the category, supplier, or product followed by its maker.' })
  key!: string;

  @ListSize(20)
  @Field(() => [ClusterMember], { description: 'By contract end, then borough name.' })
  members!: ClusterMember[];

  boroughIds!: string[];

  @Field(() => Int)
  boroughCount!: number;

  @Field(() => LocalDateScalar, { description: 'The earliest member contract end.' })
  earliestEnd!: string;

  @Field(() => LocalDateScalar, { description: 'The latest member contract end.' })
  latestEnd!: string;

  @Field(() => ClusterWindow, { description: 'From the earliest to the latest aligned end.' })
  window!: ClusterWindow;

  @Field(() => Float, { description: 'Sum of known annual values, whole pounds.' })
  combinedAnnualValueGbp!: number;

  @Field(() => Int, { description: 'Members whose annual value is known (£0 included).' })
  valueKnownCount!: number;

  @Field(() => Int)
  leadTimeMonths!: number;

  @Field(() => LocalDateScalar, {
    description: 'window.start minus leadTimeMonths: when to start.',
  })
  actionBy!: string;

  @Field({ description: 'actionBy is already past.' })
  urgent!: boolean;

  @Field(() => LocalDateScalar, {
    description:
      'The last day to start a joint procurement that still covers every member using every advertised extension: the earliest furthest end among members minus leadTimeMonths. Never before actionBy.',
  })
  lastChanceBy!: string;

  @Field({ description: 'lastChanceBy is already past: no joint procurement can cover them all.' })
  tooLate!: boolean;

  @Field(() => [SupplierCount], { description: 'Suppliers among members, most members first.' })
  suppliers!: SupplierCount[];

  @Field(() => [ProductCount], { description: 'Products among members, most members first.' })
  products!: ProductCount[];

  @Field(() => [DecisionCount], {
    description:
      "Members by their boroughs' renewal decisions (UNDECIDED first), decisions no member has left out. DECOMMISSION entries are never members.",
  })
  decisions!: DecisionCount[];
}
