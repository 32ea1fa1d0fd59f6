import { Field, Float, InputType, Int } from '@nestjs/graphql';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsLocalDate, IsNotBlank } from '../../common/validation';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';
import { COMPANIES_HOUSE_NUMBER } from '../../suppliers/normalise-name';
import { Hosting } from '../hosting';
import { MAX_NOTICE_PERIOD_DAYS } from '../key-date';

const noticeRule = {
  message: `must be a whole number of days from 0 to ${MAX_NOTICE_PERIOD_DAYS}`,
};

/** One entry of a borough's list as a borough submits it: references by code and by name. */
@InputType()
export class ItSystemInput {
  @Field(() => Int, { description: "Position in the borough's top ten, 1 to 10." })
  @IsInt({ message: 'must be a whole number from 1 to 10' })
  @Min(1, { message: 'must be a whole number from 1 to 10' })
  @Max(10, { message: 'must be a whole number from 1 to 10' })
  rank!: number;

  @Field({ description: "The borough's own label for the system." })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  @IsNotBlank()
  @IsString({ message: 'must be text' })
  name!: string;

  @Field({ description: 'A category code from `categories`, e.g. housing-management.' })
  @IsNotBlank()
  @IsString({ message: 'must be text' })
  categoryCode!: string;

  @Field({ description: 'The company holding the contract, as the borough writes it.' })
  @MaxLength(200, { message: 'must be at most 200 characters' })
  @IsNotBlank()
  @IsString({ message: 'must be text' })
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
  @MaxLength(200, { message: 'must be at most 200 characters' })
  @IsNotBlank()
  productName?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The product's maker when it is not the supplier (Microsoft 365 bought through a reseller).",
  })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  @IsNotBlank()
  productManufacturerName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100, { message: 'must be at most 100 characters' })
  @IsNotBlank()
  contractReference?: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
  @IsLocalDate()
  contractStart?: string | null;

  @Field(() => LocalDateScalar)
  @IsLocalDate()
  contractEnd!: string;

  @Field(() => LocalDateScalar, { nullable: true })
  @IsOptional()
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
  @IsInt({ message: 'must be whole pounds, 0 or more' })
  @Min(0, { message: 'must be whole pounds, 0 or more' })
  annualValueGbp?: number | null;

  @Field(() => Float, { nullable: true, description: 'Whole pounds over the contract, 0 or more.' })
  @IsOptional()
  @IsInt({ message: 'must be whole pounds, 0 or more' })
  @Min(0, { message: 'must be whole pounds, 0 or more' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'is too large' })
  totalValueGbp?: number | null;

  @Field(() => Hosting, { nullable: true, defaultValue: Hosting.UNKNOWN })
  @IsOptional()
  @IsEnum(Hosting, { message: `must be one of ${Object.values(Hosting).join(', ')}` })
  hosting?: Hosting | null;

  @Field(() => String, { nullable: true, description: 'e.g. CCS RM6259 Lot 3.' })
  @IsOptional()
  @MaxLength(200, { message: 'must be at most 200 characters' })
  @IsString({ message: 'must be text' })
  routeToMarket?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  openToCollaboration?: boolean | null;

  @Field(() => String, { nullable: true, description: 'At most 2000 characters.' })
  @IsOptional()
  @MaxLength(2000, { message: 'must be at most 2000 characters' })
  @IsString({ message: 'must be text' })
  notes?: string | null;
}
