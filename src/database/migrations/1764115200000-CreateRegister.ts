import {
  MigrationInterface,
  QueryRunner,
  Table,
  TableCheck,
  TableColumnOptions,
  TableForeignKey,
  TableIndex,
} from 'typeorm';

const id = (name = 'id'): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isPrimary: name === 'id',
});
const ref = (name: string, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: '36',
  isNullable: nullable,
});
const text = (name: string, length: number, nullable = false): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
// Folding can lengthen a name ("&" becomes "and", NFKD expands ligatures): no length limit.
const folded = (name: string): TableColumnOptions => ({ name, type: 'text' });
const fk = (column: string, table: string): TableForeignKey =>
  // Never ON DELETE CASCADE: SQLite rebuilds a table to alter it, and a cascade during the
  // rebuild would silently delete the rows that point at it.
  new TableForeignKey({
    columnNames: [column],
    referencedTableName: table,
    referencedColumnNames: ['id'],
    onDelete: 'RESTRICT',
  });

/** The register's first schema: reference data, suppliers and products, lists, history, keys. */
export class CreateRegister1764115200000 implements MigrationInterface {
  name = 'CreateRegister1764115200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const postgres = queryRunner.connection.options.type === 'postgres';
    const instant = (name: string, nullable = false): TableColumnOptions => ({
      name,
      type: postgres ? 'timestamptz' : 'datetime',
      isNullable: nullable,
    });

    await queryRunner.createTable(
      new Table({
        name: 'borough',
        columns: [
          id(),
          text('gss_code', 9),
          text('lae_code', 3),
          text('name', 120),
          text('short_name', 60),
          { name: 'version', type: 'integer', default: 0 },
          instant('last_submitted_at', true),
        ],
        uniques: [
          { name: 'uq_borough_gss_code', columnNames: ['gss_code'] },
          { name: 'uq_borough_lae_code', columnNames: ['lae_code'] },
        ],
        checks: [{ name: 'ck_borough_version', expression: '"version" >= 0' }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'category',
        columns: [
          id(),
          text('code', 60),
          text('name', 120),
          text('kind', 10),
          { name: 'lead_time_months', type: 'integer' },
          text('cpv', 10, true),
        ],
        uniques: [{ name: 'uq_category_code', columnNames: ['code'] }],
        checks: [
          { name: 'ck_category_kind', expression: `"kind" IN ('FRONTLINE', 'CORPORATE')` },
          { name: 'ck_category_lead_time', expression: '"lead_time_months" BETWEEN 0 AND 60' },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'supplier',
        columns: [
          id(),
          text('name', 200),
          folded('normalised_name'),
          text('companies_house_number', 8, true),
        ],
        uniques: [
          { name: 'uq_supplier_normalised_name', columnNames: ['normalised_name'] },
          { name: 'uq_supplier_companies_house_number', columnNames: ['companies_house_number'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'supplier_alias',
        columns: [id(), ref('supplier_id'), text('name', 200), folded('normalised_name')],
        uniques: [{ name: 'uq_supplier_alias_normalised_name', columnNames: ['normalised_name'] }],
        foreignKeys: [fk('supplier_id', 'supplier')],
        indices: [{ name: 'ix_supplier_alias_supplier', columnNames: ['supplier_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'product',
        columns: [id(), text('name', 200), folded('normalised_name'), ref('supplier_id')],
        uniques: [
          { name: 'uq_product_name_supplier', columnNames: ['normalised_name', 'supplier_id'] },
        ],
        foreignKeys: [fk('supplier_id', 'supplier')],
        indices: [{ name: 'ix_product_supplier', columnNames: ['supplier_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'it_system',
        columns: [
          id(),
          ref('borough_id'),
          { name: 'rank', type: 'integer' },
          text('name', 200),
          ref('category_id'),
          ref('supplier_id'),
          ref('product_id', true),
          text('contract_reference', 100, true),
          { name: 'contract_start', type: 'date', isNullable: true },
          { name: 'contract_end', type: 'date' },
          { name: 'max_extent_date', type: 'date', isNullable: true },
          { name: 'notice_period_days', type: 'integer', isNullable: true },
          { name: 'annual_value_gbp', type: 'integer', isNullable: true },
          { name: 'total_value_gbp', type: 'bigint', isNullable: true },
          { name: 'hosting', type: 'varchar', length: '20', default: `'UNKNOWN'` },
          text('route_to_market', 200, true),
          { name: 'open_to_collaboration', type: 'boolean', default: true },
          text('notes', 2000, true),
          instant('updated_at'),
          instant('created_at'),
          instant('retired_at', true),
        ],
        checks: [
          new TableCheck({ name: 'ck_it_system_rank', expression: '"rank" BETWEEN 1 AND 10' }),
          new TableCheck({
            name: 'ck_it_system_extent',
            expression: '"max_extent_date" IS NULL OR "max_extent_date" >= "contract_end"',
          }),
          new TableCheck({
            name: 'ck_it_system_notice',
            expression: '"notice_period_days" IS NULL OR "notice_period_days" BETWEEN 0 AND 730',
          }),
          new TableCheck({
            name: 'ck_it_system_annual_value',
            expression: '"annual_value_gbp" IS NULL OR "annual_value_gbp" >= 0',
          }),
          new TableCheck({
            name: 'ck_it_system_total_value',
            expression: '"total_value_gbp" IS NULL OR "total_value_gbp" >= 0',
          }),
          new TableCheck({
            name: 'ck_it_system_hosting',
            expression: `"hosting" IN ('ON_PREMISES', 'SUPPLIER_HOSTED', 'PUBLIC_CLOUD', 'HYBRID', 'UNKNOWN')`,
          }),
        ],
        foreignKeys: [
          fk('borough_id', 'borough'),
          fk('category_id', 'category'),
          fk('supplier_id', 'supplier'),
          fk('product_id', 'product'),
        ],
      }),
    );
    await queryRunner.createIndices('it_system', [
      // One entry per rank in a borough's current list; retired entries keep their old rank.
      new TableIndex({
        name: 'uq_it_system_current_rank',
        columnNames: ['borough_id', 'rank'],
        isUnique: true,
        where: '"retired_at" IS NULL',
      }),
      new TableIndex({ name: 'ix_it_system_contract_end', columnNames: ['contract_end'] }),
      new TableIndex({ name: 'ix_it_system_supplier', columnNames: ['supplier_id'] }),
      new TableIndex({ name: 'ix_it_system_category', columnNames: ['category_id'] }),
      new TableIndex({ name: 'ix_it_system_product', columnNames: ['product_id'] }),
    ]);

    await queryRunner.createTable(
      new Table({
        name: 'submission',
        columns: [
          id(),
          ref('borough_id'),
          { name: 'version', type: 'integer' },
          instant('submitted_at'),
          text('submitted_by', 200),
          ref('api_key_id', true),
          text('action', 20),
          { name: 'systems', type: 'text' },
        ],
        uniques: [
          { name: 'uq_submission_borough_version', columnNames: ['borough_id', 'version'] },
        ],
        checks: [{ name: 'ck_submission_version', expression: '"version" >= 1' }],
        foreignKeys: [fk('borough_id', 'borough')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'api_key',
        columns: [
          id(),
          text('label', 200),
          text('role', 20),
          ref('borough_id', true),
          text('secret_hash', 64),
          { name: 'demo', type: 'boolean', default: false },
          instant('created_at'),
          instant('expires_at', true),
          instant('revoked_at', true),
        ],
        uniques: [{ name: 'uq_api_key_secret_hash', columnNames: ['secret_hash'] }],
        checks: [
          {
            name: 'ck_api_key_role',
            expression: `"role" IN ('ADMIN', 'COORDINATOR', 'BOROUGH_LEAD')`,
          },
          {
            name: 'ck_api_key_borough',
            expression: `("role" = 'BOROUGH_LEAD') = ("borough_id" IS NOT NULL)`,
          },
        ],
        foreignKeys: [fk('borough_id', 'borough')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'api_key',
      'submission',
      'it_system',
      'product',
      'supplier_alias',
      'supplier',
      'category',
      'borough',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
