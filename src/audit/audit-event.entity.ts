import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One change, who made it and what it changed. Append-only. */
@ObjectType()
@Entity('audit_event')
export class AuditEvent {
  @Field(() => ID, { description: 'Increases with each event recorded.' })
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Field(() => Date)
  @Column({ type: Date })
  at!: Date;

  @Field(() => String, {
    nullable: true,
    description: 'The API key that made the change; null for a command or the schedule.',
  })
  @Column({ name: 'actor_key_id', type: 'varchar', length: 36, nullable: true })
  actorKeyId!: string | null;

  @Field()
  @Column({ name: 'actor_label', type: 'varchar', length: 200 })
  actorLabel!: string;

  @Field({
    description:
      'e.g. list.submit, supplier.merge, subscription.delete, apikey.revoke, alerts.run.',
  })
  @Column({ type: 'varchar', length: 40 })
  action!: string;

  @Column({ name: 'borough_id', type: 'varchar', length: 36, nullable: true })
  boroughId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The id of what changed (a submission, subscription, key…).',
  })
  @Column({ name: 'target_id', type: 'varchar', length: 100, nullable: true })
  targetId!: string | null;

  @Field({ description: 'What changed, as JSON: usually { before, after }.' })
  @Column({ type: 'text' })
  summary!: string;
}
