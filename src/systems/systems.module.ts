import { Module } from '@nestjs/common';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { CategoriesModule } from '../categories/categories.module';
import { groupedBy, inOrder, LoaderRegistry } from '../common/loaders';
import { Database } from '../database/database';
import { SupplierReferences } from '../suppliers/supplier-references';
import { SuppliersModule } from '../suppliers/suppliers.module';
import {
  BoroughSystemsResolver,
  SupplierSystemsResolver,
  SystemsResolver,
} from './systems.resolver';
import {
  SYSTEM,
  SYSTEMS_OF_BOROUGH,
  SYSTEMS_OF_SUPPLIER,
  SystemsRepository,
} from './systems.repository';
import { SystemsService } from './systems.service';

@Module({
  imports: [BoroughsModule, CategoriesModule, SuppliersModule],
  providers: [
    SystemsRepository,
    SystemsService,
    SystemsResolver,
    BoroughSystemsResolver,
    SupplierSystemsResolver,
  ],
  exports: [SystemsRepository, SystemsService],
})
export class SystemsModule {
  constructor(
    registry: LoaderRegistry,
    db: Database,
    systems: SystemsRepository,
    supplierReferences: SupplierReferences,
  ) {
    registry.register(SYSTEM, async (ids) =>
      inOrder(ids, await db.read((em) => systems.byIds(em, ids)), (s) => s.id),
    );
    registry.register(SYSTEMS_OF_BOROUGH, async (ids) =>
      groupedBy(ids, await db.read((em) => systems.currentOfBoroughs(em, ids)), (s) => s.boroughId),
    );
    registry.register(SYSTEMS_OF_SUPPLIER, async (ids) =>
      groupedBy(
        ids,
        await db.read((em) => systems.currentOfSuppliers(em, ids)),
        (s) => s.supplierId,
      ),
    );
    // Entries follow a supplier merged into another.
    supplierReferences.register(systems);
  }
}
