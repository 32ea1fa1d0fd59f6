import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';
import { RenewalDecision } from '../systems/renewal-decision';
import { SystemSnapshot } from './models/system-snapshot.model';

/** Versions written before renewal decisions were recorded read as undecided, without a note. */
const withDecisions = (systems: SystemSnapshot[] | null): SystemSnapshot[] | null =>
  systems &&
  systems.map((s) => ({
    ...s,
    renewalDecision: s.renewalDecision ?? RenewalDecision.UNDECIDED,
    decisionNote: s.decisionNote ?? null,
  }));

/** One accepted change to a borough's list: a numbered version with the whole list after it. */
@ObjectType()
@Entity('submission')
@Unique('uq_submission_borough_version', ['boroughId', 'version'])
export class Submission {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'borough_id', type: 'varchar', length: 36 })
  boroughId!: string;

  @Field(() => Int, { description: '1, 2, 3 … per borough.' })
  @Column({ type: 'integer' })
  version!: number;

  @Field(() => Date)
  @Column({ name: 'submitted_at', type: Date })
  submittedAt!: Date;

  @Field({ description: 'Label of the API key that submitted it.' })
  @Column({ name: 'submitted_by', type: 'varchar', length: 200 })
  submittedBy!: string;

  @Column({ name: 'api_key_id', type: 'varchar', length: 36, nullable: true })
  apiKeyId!: string | null;

  @Field({ description: 'What changed: submit, upsert, remove, import (a spreadsheet) or seed.' })
  @Column({ type: 'varchar', length: 20 })
  action!: string;

  @Field(() => [SystemSnapshot], { description: 'The whole list as it stood after this version.' })
  @Column({ type: 'simple-json', transformer: { to: (v: unknown) => v, from: withDecisions } })
  systems!: SystemSnapshot[];
}
