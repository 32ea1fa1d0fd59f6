import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { normaliseProductName, normaliseSupplierName } from './normalise-name';
import { Product } from './product.entity';
import { Supplier, SupplierAlias } from './supplier.entity';

export type Resolved<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/**
 * Resolves the supplier and product names of one submission to rows, creating what is new, inside
 * the submission's transaction (DESIGN §2): same Companies House number, else same normalised
 * name (or alias), else a new supplier. Lookups are memoised for the length of one submission.
 */
export class SupplierResolver {
  private readonly suppliers = new Map<string, Supplier>();
  private readonly products = new Map<string, Product>();

  constructor(private readonly em: EntityManager) {}

  async supplier(name: string, companiesHouseNumber?: string | null): Promise<Resolved<Supplier>> {
    const normalised = normaliseSupplierName(name);
    const number = companiesHouseNumber ?? null;
    let found = number ? await this.em.findOneBy(Supplier, { companiesHouseNumber: number }) : null;
    if (found && found.normalisedName !== normalised)
      await this.learnAlias(found, name, normalised);
    found ??= await this.byNormalisedName(normalised);
    if (!found) return { ok: true, value: await this.create(name.trim(), normalised, number) };
    if (number && found.companiesHouseNumber && found.companiesHouseNumber !== number) {
      return {
        ok: false,
        field: 'supplierCompaniesHouseNumber',
        message: `does not match "${found.name}", registered as Companies House number ${found.companiesHouseNumber}`,
      };
    }
    if (number && !found.companiesHouseNumber) {
      // The first time a borough gives the number for a known supplier, the register learns it.
      await this.em.update(Supplier, { id: found.id }, { companiesHouseNumber: number });
      found.companiesHouseNumber = number;
    }
    this.suppliers.set(normalised, found);
    return { ok: true, value: found };
  }

  async product(name: string, manufacturer: Supplier): Promise<Product> {
    const normalised = normaliseProductName(name);
    const key = `${manufacturer.id}|${normalised}`;
    const memo = this.products.get(key);
    if (memo) return memo;
    const where = { normalisedName: normalised, supplierId: manufacturer.id };
    let product = await this.em.findOneBy(Product, where);
    if (!product) {
      // INSERT … ON CONFLICT DO NOTHING, then read: safe when two boroughs add it at once.
      await this.em
        .createQueryBuilder()
        .insert()
        .into(Product)
        .values({ id: randomUUID(), name: name.trim(), ...where })
        .orIgnore()
        .execute();
      product = await this.em.findOneByOrFail(Product, where);
    }
    this.products.set(key, product);
    return product;
  }

  /**
   * A name given with a known company number is another name of that company ("Northgate Public
   * Services" with NEC's number): remember it, unless it already means some other supplier.
   */
  private async learnAlias(supplier: Supplier, name: string, normalised: string): Promise<void> {
    if (await this.byNormalisedName(normalised)) return;
    await this.em
      .createQueryBuilder()
      .insert()
      .into(SupplierAlias)
      .values({
        id: randomUUID(),
        supplierId: supplier.id,
        name: name.trim(),
        normalisedName: normalised,
      })
      .orIgnore()
      .execute();
    this.suppliers.set(normalised, supplier);
  }

  private async byNormalisedName(normalised: string): Promise<Supplier | null> {
    const memo = this.suppliers.get(normalised);
    if (memo) return memo;
    const direct = await this.em.findOneBy(Supplier, { normalisedName: normalised });
    if (direct) return direct;
    const alias = await this.em.findOneBy(SupplierAlias, { normalisedName: normalised });
    return alias ? this.em.findOneBy(Supplier, { id: alias.supplierId }) : null;
  }

  private async create(name: string, normalised: string, number: string | null): Promise<Supplier> {
    await this.em
      .createQueryBuilder()
      .insert()
      .into(Supplier)
      .values({ id: randomUUID(), name, normalisedName: normalised, companiesHouseNumber: number })
      .orIgnore()
      .execute();
    const supplier = await this.em.findOneByOrFail(Supplier, { normalisedName: normalised });
    this.suppliers.set(normalised, supplier);
    return supplier;
  }
}
