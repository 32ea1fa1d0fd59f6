import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CategoryKind } from './category-kind';

registerEnumType(CategoryKind, {
  name: 'CategoryKind',
  description: 'Frontline: resident-facing service systems. Corporate: back office.',
});

/** A kind of system, e.g. housing management. Reference data. */
@ObjectType()
@Entity('category')
export class Category {
  @Field(() => ID)
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Field({ description: 'Stable slug, e.g. housing-management.' })
  @Column({ type: 'varchar', length: 60, unique: true })
  code!: string;

  @Field()
  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Field(() => CategoryKind)
  @Column({ type: 'varchar', length: 10 })
  kind!: CategoryKind;

  @Field(() => Int, {
    description: 'Typical months before expiry that a (joint) procurement must start.',
  })
  @Column({ name: 'lead_time_months', type: 'integer' })
  leadTimeMonths!: number;

  @Field(() => String, { nullable: true, description: 'Common Procurement Vocabulary code.' })
  @Column({ type: 'varchar', length: 10, nullable: true })
  cpv!: string | null;
}
