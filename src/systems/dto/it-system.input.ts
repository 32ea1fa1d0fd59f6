import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import {
  IsLocalDate,
  IsNotBlank,
  IsOnOrAfter,
  IsOnOrBefore,
  MaxChars,
  NeedsField,
} from '../../common/validation';
import { COMPANIES_HOUSE_NUMBER } from '../../suppliers/normalise-name';
import { Hosting } from '../hosting';
import { MAX_DECISION_NOTE, RenewalDecision } from '../renewal-decision';
import { MAX_NOTICE_PERIOD_DAYS } from '../key-date';

/** A list holds at most ten entries, ranked 1 to 10: the borough's top ten (DESIGN §2). */
export const MAX_RANK = 10;

export const rankRule = { message: `must be a whole number from 1 to ${MAX_RANK}` };
const noticeRule = {
  message: `must be a whole number of days from 0 to ${MAX_NOTICE_PERIOD_DAYS}`,
};
const text = { message: 'must be text' };
const wholePounds = { message: 'must be whole pounds, 0 or more' };
// Dates come in as text and are checked with the entry's other rules, so a malformed date is
// reported in the same answer as every other bad field rather than refused on its own first.
const AS_DATE = 'A date written YYYY-MM-DD, like the Date scalar, checked with the other fields.';

/** One entry of a borough's list as a borough submits it: references by code and by name. */
@InputType()
export class ItSystemInput {
  @Field(() => Int, { description: "Position in the borough's top ten, 1 to 10." })
  @IsInt(rankRule)
  @Min(1, rankRule)
  @Max(MAX_RANK, rankRule)
  rank!: number;

  @Field({ description: "The borough's own label for the system." })
  @MaxChars(200)
  @IsNotBlank()
  @IsString(text)
  name!: string;

  @Field({ description: 'A category code from `categories`, e.g. housing-management.' })
  @IsNotBlank()
  @IsString(text)
  categoryCode!: string;

  @Field({ description: 'The company holding the contract, as the borough writes it.' })
  @MaxChars(200)
  @IsNotBlank()
  @IsString(text)
  supplierName!: string;

  @Field(() => String, { nullable: true, description: 'e.g. 00968498 or SC123456.' })
  @IsOptional()
  @Matches(COMPANIES_HOUSE_NUMBER, {
    message:
      'must be a Companies House number: 8 digits, or 2 letters and 6 digits (e.g. SC123456)',
  })
  supplierCompaniesHouseNumber?: string | null;

  @Field(() => String, { nullable: true, description: 'The product, e.g. Mosaic.' })
  @IsOptional()
  @MaxChars(200)
  @IsNotBlank()
  productName?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The product's maker when it is not the supplier (Microsoft 365 bought through a reseller).",
  })
  @IsOptional()
  @NeedsField('productName')
  @MaxChars(200)
  @IsNotBlank()
  productManufacturerName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxChars(100)
  @IsNotBlank()
  contractReference?: string | null;

  @Field(() => String, { nullable: true, description: `When the contract began. ${AS_DATE}` })
  @IsOptional()
  @IsOnOrBefore('contractEnd')
  @IsLocalDate()
  contractStart?: string | null;

  @Field(() => String, { description: `When the current term ends. ${AS_DATE}` })
  @IsLocalDate()
  contractEnd!: string;

  @Field(() => String, {
    nullable: true,
    description: `The furthest date the advertised extension options reach. ${AS_DATE}`,
  })
  @IsOptional()
  @IsOnOrAfter('contractEnd')
  @IsLocalDate()
  maxExtentDate?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: `Days of notice, 0 to ${MAX_NOTICE_PERIOD_DAYS}.`,
  })
  @IsOptional()
  @IsInt(noticeRule)
  @Min(0, noticeRule)
  @Max(MAX_NOTICE_PERIOD_DAYS, noticeRule)
  noticePeriodDays?: number | null;

  @Field(() => Int, { nullable: true, description: 'Whole pounds a year, 0 or more.' })
  @IsOptional()
  @IsInt(wholePounds)
  @Min(0, wholePounds)
  annualValueGbp?: number | null;

  @Field(() => Float, { nullable: true, description: 'Whole pounds over the contract, 0 or more.' })
  @IsOptional()
  @IsInt(wholePounds)
  @Min(0, wholePounds)
  @Max(Number.MAX_SAFE_INTEGER, { message: 'is too large' })
  totalValueGbp?: number | null;

  @Field(() => Hosting, { nullable: true, defaultValue: Hosting.UNKNOWN })
  @IsOptional()
  @IsEnum(Hosting, { message: `must be one of ${Object.values(Hosting).join(', ')}` })
  hosting?: Hosting | null;

  @Field(() => String, { nullable: true, description: 'e.g. CCS RM6259 Lot 3.' })
  @IsOptional()
  @MaxChars(200)
  @IsString(text)
  routeToMarket?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  openToCollaboration?: boolean | null;

  @Field(() => String, { nullable: true, description: 'At most 2000 characters.' })
  @IsOptional()
  @MaxChars(2000)
  @IsString(text)
  notes?: string | null;

  @Field(() => RenewalDecision, {
    nullable: true,
    defaultValue: RenewalDecision.UNDECIDED,
    description: 'What the borough will do when the contract ends; UNDECIDED when left out.',
  })
  @IsOptional()
  @IsEnum(RenewalDecision, {
    message: `must be one of ${Object.values(RenewalDecision).join(', ')}`,
  })
  renewalDecision?: RenewalDecision | null;

  @Field(() => String, { nullable: true, description: 'Why, in at most 500 characters.' })
  @IsOptional()
  @MaxChars(MAX_DECISION_NOTE)
  @IsString(text)
  decisionNote?: string | null;
}
