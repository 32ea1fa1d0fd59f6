import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * That a subscription was asked, in which email, to confirm its borough's stale list for one
 * staleness period (DESIGN §11): at most once a period, whatever reruns or instances do.
 */
@Entity('alert_reminder')
export class AlertReminder {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'subscription_id', type: 'varchar', length: 36 })
  subscriptionId!: string;

  @Column({ name: 'borough_id', type: 'varchar', length: 36 })
  boroughId!: string;

  /** The first day of the staleness period the reminder was for. */
  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'outbox_id', type: 'varchar', length: 36 })
  outboxId!: string;

  @Column({ name: 'created_at', type: Date })
  createdAt!: Date;
}
