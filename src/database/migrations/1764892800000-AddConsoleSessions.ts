import { randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner, Table } from 'typeorm';

/**
 * Console sessions (DESIGN §10): a signed cookie names a session kept here, only as the SHA-256 of
 * its id, so signing out or revoking the key ends it on every instance.
 */
export class AddConsoleSessions1764892800000 implements MigrationInterface {
  name = 'AddConsoleSessions1764892800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const instant = postgres ? 'timestamptz' : 'datetime';
    await queryRunner.createTable(
      new Table({
        name: 'console_session',
        columns: [
          { name: 'id_hash', type: 'varchar', length: '64', isPrimary: true },
          { name: 'api_key_id', type: 'varchar', length: '36' },
          { name: 'created_at', type: instant },
          { name: 'expires_at', type: instant },
        ],
        foreignKeys: [
          {
            columnNames: ['api_key_id'],
            referencedTableName: 'api_key',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          },
        ],
        indices: [
          { name: 'ix_console_session_expires', columnNames: ['expires_at'] },
          { name: 'ix_console_session_key', columnNames: ['api_key_id'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'auth_setting',
        columns: [
          { name: 'name', type: 'varchar', length: '60', isPrimary: true },
          { name: 'value', type: 'text' },
        ],
      }),
    );
    // The key that signs console cookies: made once per database, shared by every instance.
    await queryRunner.query(
      `INSERT INTO auth_setting (name, value) VALUES ('cookie_signing_key', '${randomBytes(32).toString('base64url')}')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('auth_setting');
    await queryRunner.dropTable('console_session');
  }
}
