import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional } from 'class-validator';
import { MaxChars } from '../../common/validation';

/** A supplier name is at most 200 characters, so a longer search can match nothing. */
export const MAX_SEARCH_LENGTH = 200;

/** What the suppliers query is asked to look for. */
@ArgsType()
export class SuppliersArgs {
  @Field(() => String, {
    nullable: true,
    description: `A name, part of one, or a Companies House number; at most ${MAX_SEARCH_LENGTH} characters.`,
  })
  @IsOptional()
  // Bounded so that no search text reaches the database as a pattern too long to match
  // (SQLite refuses LIKE patterns over 50,000 bytes).
  @MaxChars(MAX_SEARCH_LENGTH)
  search?: string | null;
}
