import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * An iCalendar feed (DESIGN §7): a secret URL a calendar client subscribes to. Only the SHA-256 of
 * its token is stored; the URL with the token is shown once, when the feed is created.
 */
@ObjectType({
  description:
    "A calendar feed: contracts' key dates and joint procurement deadlines, for Outlook, Google or Apple Calendar.",
})
@Entity('calendar_feed')
export class CalendarFeed {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  label!: string;

  /** Null: every borough. */
  @Column({ name: 'borough_id', type: 'varchar', length: 36, nullable: true })
  boroughId!: string | null;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @Field(() => Date)
  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  /** The API key that created it; null for a command. */
  @Column({ name: 'created_by_key_id', type: 'varchar', length: 36, nullable: true })
  createdByKeyId!: string | null;

  @Field({ description: 'The label of the key that created it.' })
  @Column({ name: 'created_by_label', type: 'varchar', length: 200 })
  createdBy!: string;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was revoked; its URL answers 404 from then on.',
  })
  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt!: Date | null;

  /** The subscription URL with its secret token: set only in `createCalendarFeed`'s answer. */
  url?: string | null;
}
