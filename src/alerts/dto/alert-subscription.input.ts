import { Field, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsOptional,
  Matches,
} from 'class-validator';
import { FieldErrors } from '../../common/domain-error';
import { MaxChars } from '../../common/validation';
import { DEFAULT_LEAD_DAYS } from '../due-milestones';

const MAX_LEAD_DAYS = 1095;

@InputType()
export class AlertSubscriptionInput {
  @Field({ description: 'Where the alerts go.' })
  @MaxChars(254)
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
    description: `Days before each key date to send an alert, each 1–${MAX_LEAD_DAYS} and distinct; default [${DEFAULT_LEAD_DAYS.join(', ')}].`,
  })
  // Each day is checked by checkLeadDays, which names the position of a bad one.
  @IsOptional()
  @ArrayMinSize(1, { message: 'must have at least one number of days' })
  @ArrayMaxSize(20, { message: 'must have at most 20 numbers of days' })
  leadDays?: number[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these categories; null for all.' })
  @IsOptional()
  @ArrayMaxSize(100, { message: 'must have at most 100 category codes' })
  categoryCodes?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'false stops the alerts (as the unsubscribe link does); true turns them back on, e.g. for someone who unsubscribed and asks to be told again. Left out: on for a new subscription, unchanged for an update.',
  })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  active?: boolean | null;
}

/**
 * The rule on each of `leadDays` (DESIGN §5): a whole number of days from 1 to 1095, none repeated.
 * A pure check beside the class rather than a class-validator rule, because its errors name the
 * position (`input.leadDays.2`) and class-validator's `each` rules can only name the whole list.
 */
export function checkLeadDays(
  leadDays: readonly number[],
  path: string,
  errors: FieldErrors,
): void {
  leadDays.forEach((d, i) => {
    if (!Number.isInteger(d) || d < 1 || d > MAX_LEAD_DAYS)
      errors.add(`${path}.${i}`, `must be a whole number of days from 1 to ${MAX_LEAD_DAYS}`);
    else if (leadDays.indexOf(d) !== i) errors.add(`${path}.${i}`, `repeats ${d}`);
  });
}
