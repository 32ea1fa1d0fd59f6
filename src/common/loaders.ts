import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { In, IsNull, ObjectLiteral, EntityTarget } from 'typeorm';
import { Borough } from '../boroughs/borough.entity';
import { Category } from '../categories/category.entity';
import { Database } from '../database/database';
import { Product } from '../suppliers/product.entity';
import { Supplier, SupplierAlias } from '../suppliers/supplier.entity';
import { ItSystem } from '../systems/it-system.entity';

export interface Loaders {
  borough: DataLoader<string, Borough | undefined>;
  category: DataLoader<string, Category | undefined>;
  supplier: DataLoader<string, Supplier | undefined>;
  product: DataLoader<string, Product | undefined>;
  system: DataLoader<string, ItSystem | undefined>;
  systemsOfBorough: DataLoader<string, ItSystem[]>;
  systemsOfSupplier: DataLoader<string, ItSystem[]>;
  aliasesOfSupplier: DataLoader<string, string[]>;
}

function groupBy<T>(rows: T[], key: (row: T) => string, ids: readonly string[]): T[][] {
  const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) groups.get(key(row))?.push(row);
  return ids.map((id) => groups.get(id) ?? []);
}

/**
 * Per-request DataLoaders: nested fields of a list (each system's supplier, each borough's
 * systems) are fetched in one statement per kind, so a query over every borough costs a constant
 * number of statements whatever the size of the register.
 */
@Injectable()
export class LoaderFactory {
  constructor(private readonly db: Database) {}

  create(): Loaders {
    return {
      borough: this.byId(Borough),
      category: this.byId(Category),
      supplier: this.byId(Supplier),
      product: this.byId(Product),
      system: this.byId(ItSystem),
      systemsOfBorough: new DataLoader(async (ids) => {
        const rows = await this.db.read((em) =>
          em.find(ItSystem, {
            where: { boroughId: In([...ids]), retiredAt: IsNull() },
            order: { rank: 'ASC' },
          }),
        );
        return groupBy(rows, (s) => s.boroughId, ids);
      }),
      systemsOfSupplier: new DataLoader(async (ids) => {
        const rows = await this.db.read((em) =>
          em
            .createQueryBuilder(ItSystem, 's')
            .innerJoin(Borough, 'b', 'b.id = s.borough_id')
            .where({ supplierId: In([...ids]), retiredAt: IsNull() })
            .orderBy('b.name', 'ASC')
            .addOrderBy('s.rank', 'ASC')
            .getMany(),
        );
        return groupBy(rows, (s) => s.supplierId, ids);
      }),
      aliasesOfSupplier: new DataLoader(async (ids) => {
        const rows = await this.db.read((em) =>
          em.find(SupplierAlias, { where: { supplierId: In([...ids]) }, order: { name: 'ASC' } }),
        );
        return groupBy(rows, (a) => a.supplierId, ids).map((aliases) => aliases.map((a) => a.name));
      }),
    };
  }

  private byId<T extends ObjectLiteral & { id: string }>(entity: EntityTarget<T>) {
    return new DataLoader<string, T | undefined>(async (ids) => {
      const rows = await this.db.read((em) =>
        em.getRepository(entity).findBy({ id: In([...ids]) } as never),
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id));
    });
  }
}
