import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { CategoriesRepository } from '../categories/categories.repository';
import { SuppliersRepository } from '../suppliers/suppliers.repository';

/** The names a digest speaks of, by id: each read whole, once per run. */
export interface RegisterNameMaps {
  boroughShortNames: Map<string, string>;
  boroughGssCodes: Map<string, string>;
  categoryCodes: Map<string, string>;
  supplierNames: Map<string, string>;
  productNames: Map<string, string>;
}

/** What the alert run asks of the reference data: names by id, from their owners. */
@Injectable()
export class RegisterNames {
  constructor(
    private readonly boroughs: BoroughsRepository,
    private readonly categories: CategoriesRepository,
    private readonly suppliers: SuppliersRepository,
  ) {}

  async read(em: EntityManager): Promise<RegisterNameMaps> {
    const byId = <T extends { id: string }>(rows: T[], value: (row: T) => string) =>
      new Map(rows.map((row) => [row.id, value(row)]));
    const boroughs = await this.boroughs.names(em);
    return {
      boroughShortNames: byId(boroughs, (b) => b.shortName),
      boroughGssCodes: byId(boroughs, (b) => b.gssCode),
      categoryCodes: byId(await this.categories.all(em), (c) => c.code),
      supplierNames: byId(await this.suppliers.names(em), (s) => s.name),
      productNames: byId(await this.suppliers.productNames(em), (p) => p.name),
    };
  }
}
