import { Module } from '@nestjs/common';
import { groupedBy, inOrder, LoaderRegistry } from '../common/loaders';
import { Database } from '../database/database';
import { SupplierReferences } from './supplier-references';
import { PRODUCT, SUPPLIER, SUPPLIER_ALIASES, SuppliersRepository } from './suppliers.repository';
import { ProductsResolver, SuppliersResolver } from './suppliers.resolver';
import { SuppliersService } from './suppliers.service';

@Module({
  providers: [
    SuppliersRepository,
    SupplierReferences,
    SuppliersService,
    SuppliersResolver,
    ProductsResolver,
  ],
  exports: [SuppliersRepository, SupplierReferences, SuppliersService],
})
export class SuppliersModule {
  constructor(registry: LoaderRegistry, db: Database, suppliers: SuppliersRepository) {
    registry.register(SUPPLIER, async (ids) =>
      inOrder(ids, await db.read((em) => suppliers.byIds(em, ids)), (s) => s.id),
    );
    registry.register(PRODUCT, async (ids) =>
      inOrder(ids, await db.read((em) => suppliers.productsByIds(em, ids)), (p) => p.id),
    );
    registry.register(SUPPLIER_ALIASES, async (ids) =>
      groupedBy(ids, await db.read((em) => suppliers.aliasesOf(em, ids)), (a) => a.supplierId).map(
        (aliases) => aliases.map((a) => a.name),
      ),
    );
  }
}
