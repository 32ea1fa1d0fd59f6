import { randomBytes } from 'node:crypto';
import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableColumnOptions,
  TableForeignKey,
} from 'typeorm';

const ref = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isNullable: nullable,
});

/** Alert subscriptions, the delivery record that stops an item being queued twice, the outbox. */
export class AddAlerts1764201600000 implements MigrationInterface {
  name = 'AddAlerts1764201600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const instant = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: postgres ? 'timestamptz' : 'datetime',
      isNullable: nullable,
    });
    const fk = (column: string, table: string) =>
      new TableForeignKey({
        columnNames: [column],
        referencedTableName: table,
        referencedColumnNames: ['id'],
        onDelete: 'RESTRICT',
      });

    await queryRunner.createTable(
      new Table({
        name: 'app_setting',
        columns: [
          { name: 'name', type: 'varchar', length: '60', isPrimary: true },
          { name: 'value', type: 'text' },
        ],
      }),
    );
    // The key that signs unsubscribe links: made once per database, shared by every instance.
    await queryRunner.query(
      `INSERT INTO app_setting (name, value) VALUES ('unsubscribe_signing_key', '${randomBytes(32).toString('base64url')}')`,
    );

    await queryRunner.createTable(
      new Table({
        name: 'alert_subscription',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'email', type: 'varchar', length: '254' },
          ref('borough_id', true),
          { name: 'lead_days', type: 'text' },
          { name: 'category_codes', type: 'text', isNullable: true },
          { name: 'active', type: 'boolean', default: true },
          ref('created_by_key_id', true),
          instant('created_at'),
          instant('updated_at'),
          instant('unsubscribed_at', true),
          instant('deleted_at', true),
        ],
        foreignKeys: [fk('borough_id', 'borough')],
        indices: [{ name: 'ix_alert_subscription_borough', columnNames: ['borough_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'alert_outbox',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          ref('subscription_id'),
          { name: 'to_email', type: 'varchar', length: '254' },
          { name: 'subject', type: 'varchar', length: '300' },
          { name: 'text_body', type: 'text' },
          { name: 'html_body', type: 'text' },
          { name: 'message_id', type: 'varchar', length: '200' },
          { name: 'unsubscribe_url', type: 'text' },
          { name: 'status', type: 'varchar', length: '10' },
          { name: 'attempts', type: 'integer', default: 0 },
          { name: 'last_error', type: 'text', isNullable: true },
          { name: 'run_as_of', type: 'date' },
          instant('created_at'),
          instant('next_attempt_at'),
          instant('retry_until'),
          instant('claimed_until', true),
          { name: 'claim_token', type: 'varchar', length: '36', isNullable: true },
          instant('sent_at', true),
        ],
        uniques: [{ name: 'uq_alert_outbox_message_id', columnNames: ['message_id'] }],
        checks: [
          {
            name: 'ck_alert_outbox_status',
            expression: `"status" IN ('PENDING', 'SENT', 'FAILED', 'CANCELLED')`,
          },
        ],
        foreignKeys: [fk('subscription_id', 'alert_subscription')],
        indices: [
          { name: 'ix_alert_outbox_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'ix_alert_outbox_subscription', columnNames: ['subscription_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'alert_delivery',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          ref('subscription_id'),
          ref('system_id'),
          { name: 'key_date', type: 'date' },
          { name: 'milestone', type: 'integer' },
          ref('outbox_id'),
          instant('created_at'),
        ],
        // The guarantee that an item is queued once, whatever reruns or instances do.
        uniques: [
          {
            name: 'uq_alert_delivery_item',
            columnNames: ['subscription_id', 'system_id', 'key_date', 'milestone'],
          },
        ],
        foreignKeys: [
          fk('subscription_id', 'alert_subscription'),
          fk('system_id', 'it_system'),
          fk('outbox_id', 'alert_outbox'),
        ],
        indices: [{ name: 'ix_alert_delivery_outbox', columnNames: ['outbox_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['alert_delivery', 'alert_outbox', 'alert_subscription', 'app_setting']) {
      await queryRunner.dropTable(table);
    }
  }
}
