import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

export enum OutboxStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(OutboxStatus, { name: 'OutboxStatus' });

/** One digest email, written in the same transaction as the items it reports, then sent. */
@ObjectType('OutboxEmail')
@Entity('alert_outbox')
export class OutboxEmail {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 36 })
  subscriptionId!: string;

  @Field()
  @Column({ name: 'to_email', type: 'varchar', length: 254 })
  to!: string;

  @Field()
  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ name: 'html_body', type: 'text' })
  htmlBody!: string;

  @Field({ description: 'Stable across resends, so mail systems can drop a duplicate.' })
  @Column({ name: 'message_id', type: 'varchar', length: 200 })
  messageId!: string;

  @Column({ name: 'unsubscribe_url', type: 'text' })
  unsubscribeUrl!: string;

  @Field(() => OutboxStatus)
  @Column({ type: 'varchar', length: 10 })
  status!: OutboxStatus;

  @Field(() => Int)
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Field(() => String, { nullable: true })
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'run_as_of', type: 'date' })
  runAsOf!: string;

  @Field(() => Date)
  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Field(() => Date, { description: 'When the sender will next try, while PENDING.' })
  @Column({ name: 'next_attempt_at', type: Date })
  nextAttemptAt!: Date;

  /** Transient failures are retried until then (seven days from queueing or re-queueing). */
  @Column({ name: 'retry_until', type: Date })
  retryUntil!: Date;

  /** A sender's lease on the row while it talks to the SMTP server. */
  @Column({ name: 'claimed_until', type: Date, nullable: true })
  claimedUntil!: Date | null;

  /** Which claim holds the lease: only that sender may record the outcome. */
  @Column({ name: 'claim_token', type: 'varchar', length: 36, nullable: true })
  claimToken!: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'sent_at', type: Date, nullable: true })
  sentAt!: Date | null;
}
