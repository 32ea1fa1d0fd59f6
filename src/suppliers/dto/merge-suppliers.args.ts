import { ArgsType, Field, ID } from '@nestjs/graphql';
import { DiffersFrom } from '../../common/validation';

/** Two suppliers that are one company: the first is folded into the second. */
@ArgsType()
export class MergeSuppliersArgs {
  @Field(() => ID)
  fromId!: string;

  @Field(() => ID)
  @DiffersFrom('fromId')
  intoId!: string;
}
