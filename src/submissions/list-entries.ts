import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CategoriesRepository } from '../categories/categories.repository';
import { FieldErrors } from '../common/domain-error';
import { Product } from '../suppliers/product.entity';
import { Supplier } from '../suppliers/supplier.entity';
import { SuppliersRepository } from '../suppliers/suppliers.repository';
import { SuppliersService } from '../suppliers/suppliers.service';
import { ItSystemInput } from '../systems/dto/it-system.input';
import { ItSystem } from '../systems/it-system.entity';
import { ENTRY_FIELDS, EntryValues, entryValues } from '../systems/systems.repository';
import { SystemSnapshot } from './models/system-snapshot.model';

/** An entry of the list being written: its values, its id if it continues one, and display names. */
export interface ListEntry {
  id?: string;
  values: EntryValues;
  snapshot: Pick<
    SystemSnapshot,
    'categoryCode' | 'supplierName' | 'supplierCompaniesHouseNumber' | 'productName'
  >;
}

/** Turns submitted entries and kept rows into the entries of a new list, names resolved. */
@Injectable()
export class ListEntries {
  constructor(
    private readonly categories: CategoriesRepository,
    private readonly suppliers: SuppliersService,
    private readonly supplierRows: SuppliersRepository,
  ) {}

  /** No supplier a list names may be merged away until the list is written. */
  keepSuppliers(em: EntityManager): Promise<void> {
    return this.suppliers.keepSuppliers(em);
  }

  /**
   * Resolves submitted entries' category, supplier and product to rows, adding new suppliers and
   * products. Field errors are named under `systems.<i>`, or `system` for a single entry.
   */
  async fromInput(
    em: EntityManager,
    entries: ItSystemInput[],
    prefix: 'systems' | 'system',
    ids: (string | undefined)[],
  ): Promise<ListEntry[]> {
    const categories = new Map((await this.categories.all(em)).map((c) => [c.code, c]));
    const matcher = await this.suppliers.matcher(em);
    const errors = new FieldErrors();
    const list: ListEntry[] = [];
    for (const [i, entry] of entries.entries()) {
      const path = prefix === 'system' ? prefix : `${prefix}.${i}`;
      const supplier = await matcher.supplier(
        entry.supplierName,
        entry.supplierCompaniesHouseNumber,
      );
      if (!supplier.ok) {
        errors.add(`${path}.${supplier.field}`, supplier.message);
        continue;
      }
      let product: Product | null = null;
      if (entry.productName) {
        let maker: Supplier = supplier.value;
        if (entry.productManufacturerName) {
          const found = await matcher.supplier(entry.productManufacturerName);
          if (!found.ok) throw new Error('a manufacturer named without a number always matches');
          maker = found.value;
        }
        product = await matcher.product(entry.productName, maker);
      }
      const category = categories.get(entry.categoryCode)!;
      list.push({
        id: ids[i],
        values: entryValues(entry, {
          categoryId: category.id,
          supplierId: supplier.value.id,
          productId: product?.id ?? null,
        }),
        snapshot: {
          categoryCode: category.code,
          supplierName: supplier.value.name,
          supplierCompaniesHouseNumber: supplier.value.companiesHouseNumber,
          productName: product?.name ?? null,
        },
      });
    }
    errors.throwIfAny();
    return list;
  }

  /** Current rows as list entries that keep their ids and values. */
  async fromRows(em: EntityManager, rows: ItSystem[]): Promise<ListEntry[]> {
    const ids = (pick: (s: ItSystem) => string | null) => [
      ...new Set(rows.map(pick).filter((x) => x !== null)),
    ];
    const categories = new Map(
      (
        await this.categories.byIds(
          em,
          ids((s) => s.categoryId),
        )
      ).map((c) => [c.id, c]),
    );
    const suppliers = new Map(
      (
        await this.supplierRows.byIds(
          em,
          ids((s) => s.supplierId),
        )
      ).map((s) => [s.id, s]),
    );
    const products = new Map(
      (
        await this.supplierRows.productsByIds(
          em,
          ids((s) => s.productId),
        )
      ).map((p) => [p.id, p]),
    );
    return rows.map((row) => {
      const values = {} as EntryValues;
      for (const key of ENTRY_FIELDS) (values as Record<string, unknown>)[key] = row[key];
      const supplier = suppliers.get(row.supplierId)!;
      return {
        id: row.id,
        values,
        snapshot: {
          categoryCode: categories.get(row.categoryId)!.code,
          supplierName: supplier.name,
          supplierCompaniesHouseNumber: supplier.companiesHouseNumber,
          productName: row.productId ? products.get(row.productId)!.name : null,
        },
      };
    });
  }
}
