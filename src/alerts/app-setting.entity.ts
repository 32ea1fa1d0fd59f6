import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A value made once per database and shared by every instance (the unsubscribe signing key). */
@Entity('app_setting')
export class AppSetting {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  name!: string;

  @Column({ type: 'text' })
  value!: string;
}
