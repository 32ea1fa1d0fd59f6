import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Someone who wants emails before contracts' key dates (DESIGN §5). */
@ObjectType()
@Entity('alert_subscription')
export class AlertSubscription {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Field()
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  /** Null: every borough. */
  @Column({ name: 'borough_id', type: 'varchar', length: 36, nullable: true })
  boroughId!: string | null;

  @Field(() => [Int], { description: 'Days before each key date to send an alert.' })
  @Column({ name: 'lead_days', type: 'simple-json' })
  leadDays!: number[];

  @Field(() => [String], { nullable: true, description: 'Only these categories; null for all.' })
  @Column({ name: 'category_codes', type: 'simple-json', nullable: true })
  categoryCodes!: string[] | null;

  @Field({ description: 'False once unsubscribed.' })
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ name: 'created_by_key_id', type: 'varchar', length: 36, nullable: true })
  createdByKeyId!: string | null;

  @Field(() => Date)
  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Field(() => Date)
  @Column({ name: 'updated_at', type: Date })
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'unsubscribed_at', type: Date, nullable: true })
  unsubscribedAt!: Date | null;

  @Column({ name: 'deleted_at', type: Date, nullable: true })
  deletedAt!: Date | null;
}
