import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** Calendar feeds (DESIGN §7): a secret URL per feed, kept only as the SHA-256 of its token. */
export class AddCalendarFeeds1764720000000 implements MigrationInterface {
  name = 'AddCalendarFeeds1764720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const instant = postgres ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'calendar_feed',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'label', type: 'varchar', length: '200' },
          { name: 'borough_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'token_hash', type: 'varchar', length: '64' },
          { name: 'created_at', type: instant },
          { name: 'created_by_key_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'created_by_label', type: 'varchar', length: '200' },
          { name: 'revoked_at', type: instant, isNullable: true },
        ],
        // Every fetch finds its feed by the hash of the token in the URL.
        uniques: [{ name: 'uq_calendar_feed_token_hash', columnNames: ['token_hash'] }],
        foreignKeys: [
          {
            columnNames: ['borough_id'],
            referencedTableName: 'borough',
            referencedColumnNames: ['id'],
            onDelete: 'RESTRICT',
          },
        ],
        indices: [{ name: 'ix_calendar_feed_borough', columnNames: ['borough_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('calendar_feed');
  }
}
