import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One of London's 33 local authorities: reference data, loaded by the seed, never typed in. */
@ObjectType({ description: 'A London local authority.' })
@Entity('borough')
export class Borough {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Field({ description: 'GSS statistical code, E09000001 to E09000033.' })
  @Column({ name: 'gss_code', type: 'varchar', length: 9, unique: true })
  gssCode!: string;

  @Field({ description: 'GB-LAE register code, e.g. CMD for Camden.' })
  @Column({ name: 'lae_code', type: 'varchar', length: 3, unique: true })
  laeCode!: string;

  @Field({
    description: 'Organisation identifier used in open contracting data, GB-LAE-<laeCode>.',
  })
  get orgId(): string {
    return `GB-LAE-${this.laeCode}`;
  }

  @Field()
  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Field()
  @Column({ name: 'short_name', type: 'varchar', length: 60 })
  shortName!: string;

  @Field(() => Int, { description: 'Version of the current list; 0 before the first submission.' })
  @Column({ type: 'integer', default: 0 })
  version!: number;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'last_submitted_at', type: Date, nullable: true })
  lastSubmittedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When the list was last changed or confirmed unchanged (confirmTopSystems); null before its first list.',
  })
  @Column({ name: 'last_confirmed_at', type: Date, nullable: true })
  lastConfirmedAt!: Date | null;
}
