import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A company that supplies a system, resolved from the messy names boroughs type. */
@ObjectType()
@Entity('supplier')
export class Supplier {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Field({ description: 'Display name: the first spelling the register saw.' })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  /** `name` folded by normaliseSupplierName: the key that submissions resolve against. */
  @Column({ name: 'normalised_name', type: 'text', unique: true })
  normalisedName!: string;

  @Field(() => String, { nullable: true, description: 'Companies House number, e.g. 00968498.' })
  @Column({
    name: 'companies_house_number',
    type: 'varchar',
    length: 8,
    nullable: true,
    unique: true,
  })
  companiesHouseNumber!: string | null;
}
