import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A signed-in browser (DESIGN §10): the key it signed in with, until it signs out or expires. */
@Entity('console_session')
export class ConsoleSession {
  /** SHA-256 of the session id the cookie carries: the table alone cannot sign anyone in. */
  @PrimaryColumn({ name: 'id_hash', type: 'varchar', length: 64 })
  idHash!: string;

  @Column({ name: 'api_key_id', type: 'varchar', length: 36 })
  apiKeyId!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;
}
