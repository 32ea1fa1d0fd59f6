import { Field, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsOptional,
  Matches,
  MaxLength,
} from 'class-validator';

@InputType()
export class AlertSubscriptionInput {
  @Field({ description: 'Where the alerts go.' })
  @MaxLength(254, { message: 'must be at most 254 characters' })
  // Plain addresses only: no quoted parts, spaces or control characters to smuggle into headers.
  @Matches(/^[^\s"\\<>()[\],;:\p{Cc}]+@[^\s"\\<>()[\],;:\p{Cc}]+$/u, {
    message: 'must be an email address',
  })
  @IsEmail({}, { message: 'must be an email address' })
  email!: string;

  @Field(() => String, {
    nullable: true,
    description: "One borough's contracts; null for every borough.",
  })
  gssCode?: string | null;

  @Field(() => [Int], {
    nullable: true,
    description:
      'Days before each key date to send an alert, each 1–1095 and distinct; default [365, 180, 90, 30].',
  })
  @IsOptional()
  @ArrayMinSize(1, { message: 'must have at least one number of days' })
  @ArrayMaxSize(20, { message: 'must have at most 20 numbers of days' })
  leadDays?: number[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these categories; null for all.' })
  @IsOptional()
  @ArrayMaxSize(100, { message: 'must have at most 100 category codes' })
  categoryCodes?: string[] | null;
}
