import { Field, ID, InputType } from '@nestjs/graphql';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';

@InputType({ description: 'All given conditions must hold; an empty list matches nothing.' })
export class SystemFilter {
  @Field(() => [String], { nullable: true })
  boroughGssCodes?: string[] | null;

  @Field(() => [String], { nullable: true })
  categoryCodes?: string[] | null;

  @Field(() => [ID], { nullable: true })
  supplierIds?: string[] | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Contracts ending on or after this date.',
  })
  endingFrom?: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Contracts ending on or before this date.',
  })
  endingTo?: string | null;
}
