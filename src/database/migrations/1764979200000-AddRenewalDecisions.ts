import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Renewal decisions and list freshness (DESIGN §11): each entry's decision (UNDECIDED until a
 * borough records one) and note, and when each borough last confirmed its list, which until now
 * was its last change. Plain ALTER TABLE, the same on SQLite and PostgreSQL, so the entries'
 * table is not rebuilt.
 */
export class AddRenewalDecisions1764979200000 implements MigrationInterface {
  name = 'AddRenewalDecisions1764979200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const instant = postgres ? 'timestamptz' : 'datetime';
    await queryRunner.query(
      `ALTER TABLE it_system ADD COLUMN renewal_decision varchar(20) NOT NULL DEFAULT 'UNDECIDED'`,
    );
    await queryRunner.query(`ALTER TABLE it_system ADD COLUMN decision_note varchar(500)`);
    await queryRunner.query(`ALTER TABLE borough ADD COLUMN last_confirmed_at ${instant}`);
    await queryRunner.query(`UPDATE borough SET last_confirmed_at = last_submitted_at`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE borough DROP COLUMN last_confirmed_at`);
    await queryRunner.query(`ALTER TABLE it_system DROP COLUMN decision_note`);
    await queryRunner.query(`ALTER TABLE it_system DROP COLUMN renewal_decision`);
  }
}
