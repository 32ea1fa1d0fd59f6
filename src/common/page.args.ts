import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, Min } from 'class-validator';

const offsetRule = { message: 'must be 0 or more' };

/** The rule of a list's `limit`: a whole number up to the list's largest page. */
export const limitRule = (max: number) => ({ message: `must be a whole number from 0 to ${max}` });

/** Where a page of a long list starts; the list adds its own `limit`. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt(offsetRule)
  @Min(0, offsetRule)
  offset?: number | null;
}
