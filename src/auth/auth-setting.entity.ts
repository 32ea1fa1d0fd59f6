import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A value made once per database and shared by every instance (the cookie signing key). */
@Entity('auth_setting')
export class AuthSetting {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  name!: string;

  @Column({ type: 'text' })
  value!: string;
}
