import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Role } from '../access/role';

/** An API key. Only the SHA-256 of its secret is stored; the secret is shown once. */
@Entity('api_key')
export class ApiKey {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  label!: string;

  @Column({ type: 'varchar', length: 20 })
  role!: Role;

  @Column({ name: 'borough_id', type: 'varchar', length: 36, nullable: true })
  boroughId!: string | null;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64, unique: true })
  secretHash!: string;

  /** Demo keys have well-known secrets; production refuses to start while any exist. */
  @Column({ type: 'boolean', default: false })
  demo!: boolean;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: Date, nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'revoked_at', type: Date, nullable: true })
  revokedAt!: Date | null;
}
