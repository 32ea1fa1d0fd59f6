import { Column, Entity, PrimaryColumn } from 'typeorm';

/** That one item (subscription, system, key date, milestone) was queued, in which email. */
@Entity('alert_delivery')
export class AlertDelivery {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 36 })
  subscriptionId!: string;

  @Column({ name: 'system_id', type: 'varchar', length: 36 })
  systemId!: string;

  @Column({ name: 'key_date', type: 'date' })
  keyDate!: string;

  @Column({ type: 'integer' })
  milestone!: number;

  @Column({ name: 'outbox_id', type: 'varchar', length: 36 })
  outboxId!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
