import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/** An append-only record of every change: the database itself refuses to alter or delete one. */
export class AddAuditEvents1764288000000 implements MigrationInterface {
  name = 'AddAuditEvents1764288000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    await queryRunner.createTable(
      new Table({
        name: 'audit_event',
        columns: [
          // A sequence, not a random id: events read back in the order they were recorded.
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          { name: 'at', type: postgres ? 'timestamptz' : 'datetime' },
          { name: 'actor_key_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'actor_label', type: 'varchar', length: '200' },
          { name: 'action', type: 'varchar', length: '40' },
          { name: 'borough_id', type: 'varchar', length: '36', isNullable: true },
          { name: 'target_id', type: 'varchar', length: '100', isNullable: true },
          { name: 'summary', type: 'text' },
        ],
        indices: [
          { name: 'ix_audit_event_at', columnNames: ['at'] },
          { name: 'ix_audit_event_action', columnNames: ['action', 'at'] },
          { name: 'ix_audit_event_borough', columnNames: ['borough_id', 'at'] },
        ],
      }),
    );
    if (postgres) {
      await queryRunner.query(`CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit events are append-only'; END $$`);
      await queryRunner.query(`CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
        FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
      // Row triggers do not fire on TRUNCATE: refuse it as well.
      await queryRunner.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
        FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
    } else {
      for (const event of ['UPDATE', 'DELETE']) {
        await queryRunner.query(`CREATE TRIGGER audit_event_no_${event.toLowerCase()} BEFORE ${event} ON audit_event
          BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END`);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_event');
    if (queryRunner.connection.options.type === 'postgres') {
      await queryRunner.query('DROP FUNCTION IF EXISTS audit_event_append_only()');
    }
  }
}
