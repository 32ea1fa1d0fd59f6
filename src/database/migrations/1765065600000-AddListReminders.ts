import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Reminders to confirm a stale list (DESIGN §11): which subscription was asked about which
 * borough for which staleness period, and in which email; unique, so a period is asked once.
 */
export class AddListReminders1765065600000 implements MigrationInterface {
  name = 'AddListReminders1765065600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const ref = (name: string) => ({ name, type: 'varchar', length: '36' });
    const fk = (column: string, table: string) => ({
      columnNames: [column],
      referencedTableName: table,
      referencedColumnNames: ['id'],
      onDelete: 'CASCADE' as const,
    });
    await queryRunner.createTable(
      new Table({
        name: 'alert_reminder',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          ref('subscription_id'),
          ref('borough_id'),
          { name: 'period_start', type: 'date' },
          ref('outbox_id'),
          { name: 'created_at', type: postgres ? 'timestamptz' : 'datetime' },
        ],
        uniques: [
          {
            name: 'uq_alert_reminder_period',
            columnNames: ['subscription_id', 'borough_id', 'period_start'],
          },
        ],
        foreignKeys: [
          fk('subscription_id', 'alert_subscription'),
          fk('borough_id', 'borough'),
          fk('outbox_id', 'alert_outbox'),
        ],
        indices: [{ name: 'ix_alert_reminder_outbox', columnNames: ['outbox_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('alert_reminder');
  }
}
