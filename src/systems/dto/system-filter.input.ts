import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { IsOnOrAfter } from '../../common/validation';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { RenewalDecision } from '../renewal-decision';

/** Far above any real filter, far below the databases' limits on bound parameters. */
export const MAX_FILTER_VALUES = 1000;
const tooMany = { message: `must have at most ${MAX_FILTER_VALUES} values` };

@InputType({ description: 'All given conditions must hold; an empty list matches nothing.' })
export class SystemFilter {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES, tooMany)
  boroughGssCodes?: string[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES, tooMany)
  categoryCodes?: string[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES, tooMany)
  supplierIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Systems using these products.' })
  @IsOptional()
  @ArrayMaxSize(MAX_FILTER_VALUES, tooMany)
  productIds?: string[] | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Contracts ending on or after this date.',
  })
  endingFrom?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Contracts ending on or before this date.',
  })
  @IsOptional()
  @IsOnOrAfter('endingFrom')
  endingTo?: string | null;

  @Field(() => [RenewalDecision], {
    nullable: true,
    description:
      'Entries whose renewal decision is one of these ([UNDECIDED]: what is still open).',
  })
  @IsOptional()
  @IsEnum(RenewalDecision, {
    each: true,
    message: `must be one of ${Object.values(RenewalDecision).join(', ')}`,
  })
  @ArrayMaxSize(MAX_FILTER_VALUES, tooMany)
  renewalDecisions?: RenewalDecision[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'true: only the entries of lists that are stale (Borough.stale); false: only of lists changed or confirmed within STALE_AFTER_DAYS.',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  staleList?: boolean | null;
}
