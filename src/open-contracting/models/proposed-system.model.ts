import { Field, Float, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Why a proposed entry has no value for one of its fields.' })
export class MissingField {
  @Field({ description: 'The field of ItSystemInput, e.g. maxExtentDate.' })
  field!: string;

  @Field({ description: 'What the notice lacks, e.g. "the notice gives no end date".' })
  reason!: string;
}

@ObjectType({
  description:
    "An entry proposed from a borough's published contract notices (OCDS). Nothing is written: the borough picks, fills the gaps, and submits.",
})
export class ProposedSystem {
  @Field(() => String, { nullable: true, description: 'The contract (or award, or tender) title.' })
  name!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The category whose CPV code fits; null when none (or several) fit.',
  })
  categoryCode!: string | null;

  @Field(() => String, { nullable: true })
  supplierName!: string | null;

  @Field(() => String, { nullable: true, description: "From the supplier's GB-COH identifier." })
  supplierCompaniesHouseNumber!: string | null;

  @Field({ description: 'The ocid of the notices.' })
  contractReference!: string;

  @Field(() => String, { nullable: true })
  contractStart!: string | null;

  @Field(() => String, { nullable: true })
  contractEnd!: string | null;

  @Field(() => String, { nullable: true })
  maxExtentDate!: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The value divided by the contract period in years, rounded.',
  })
  annualValueGbp!: number | null;

  @Field(() => Float, { nullable: true, description: "The contract's whole value." })
  totalValueGbp!: number | null;

  @Field({ description: 'The contracting process (ocid) the entry comes from.' })
  sourceOcid!: string;

  @Field(() => [MissingField], { description: 'Why each field without a value has none.' })
  missing!: MissingField[];
}
