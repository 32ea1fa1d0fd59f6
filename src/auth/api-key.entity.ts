import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Borough } from '../boroughs/borough.entity';

export enum Role {
  ADMIN = 'ADMIN',
  COORDINATOR = 'COORDINATOR',
  BOROUGH_LEAD = 'BOROUGH_LEAD',
}
registerEnumType(Role, { name: 'Role' });

/** An API key. Only the SHA-256 of its secret is stored; the secret is shown once. */
@ObjectType()
@Entity('api_key')
export class ApiKey {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  label!: string;

  @Field(() => Role)
  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  @Column({ name: 'borough_id', type: 'varchar', length: 36, nullable: true })
  boroughId!: string | null;

  /** Filled in by queries that join it; not a TypeORM relation. */
  @Field(() => Borough, { nullable: true })
  borough?: Borough | null;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64, unique: true })
  secretHash!: string;

  /** Demo keys have well-known secrets; production refuses to start while any exist. */
  @Field()
  @Column({ type: 'boolean', default: false })
  demo!: boolean;

  @Field(() => Date)
  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'expires_at', type: Date, nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt!: Date | null;
}
