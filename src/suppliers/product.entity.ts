import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** A product line, e.g. Mosaic, made by one supplier (its manufacturer). */
@ObjectType()
@Entity('product')
@Unique('uq_product_name_supplier', ['normalisedName', 'supplierId'])
export class Product {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'normalised_name', type: 'text' })
  normalisedName!: string;

  @Column({ name: 'supplier_id', type: 'varchar', length: 36 })
  supplierId!: string;
}
