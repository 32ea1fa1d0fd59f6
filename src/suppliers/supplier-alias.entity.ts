import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Another name that resolves to a supplier, e.g. the name of a supplier merged into it. */
@Entity('supplier_alias')
export class SupplierAlias {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'supplier_id', type: 'varchar', length: 36 })
  supplierId!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'normalised_name', type: 'text', unique: true })
  normalisedName!: string;
}
