import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { normaliseProductName, normaliseSupplierName } from './normalise-name';
import { Product } from './product.entity';
import { Supplier, SupplierAlias } from './supplier.entity';

export type Resolved<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/**
 * Resolves the supplier and product names of one submission to rows, creating what is new, inside
 * the submission's transaction (DESIGN §2): same Companies House number, else same normalised
 * name (or alias), else a new supplier.
 *
 * Reads need no lock. Before its first write the resolver calls `lockWrites`, which on PostgreSQL
 * takes a transaction-wide lock held by one submission at a time; every write re-checks what it
 * read, so two boroughs adding the same new supplier get one row, and never a deadlock.
 */
export class SupplierResolver {
  /** Suppliers found by name in this submission, by normalised name. */
  private readonly byName = new Map<string, Supplier>();
  private readonly products = new Map<string, Product>();
  private writing = false;

  constructor(
    private readonly em: EntityManager,
    private readonly lockWrites: () => Promise<void>,
  ) {}

  async supplier(name: string, companiesHouseNumber?: string | null): Promise<Resolved<Supplier>> {
    const normalised = normaliseSupplierName(name);
    const number = companiesHouseNumber ?? null;
    if (number) {
      const byNumber = await this.em.findOneBy(Supplier, { companiesHouseNumber: number });
      if (byNumber) {
        if (byNumber.normalisedName !== normalised)
          await this.learnAlias(byNumber, name, normalised);
        return { ok: true, value: byNumber };
      }
    }
    const found = await this.findByName(normalised);
    if (!found) return { ok: true, value: await this.create(name.trim(), normalised, number) };
    if (!number || found.companiesHouseNumber === number) return { ok: true, value: found };
    if (!found.companiesHouseNumber) return this.learnNumber(found, number);
    return {
      ok: false,
      field: 'supplierCompaniesHouseNumber',
      message: `does not match "${found.name}", registered as Companies House number ${found.companiesHouseNumber}`,
    };
  }

  async product(name: string, manufacturer: Supplier): Promise<Product> {
    const normalised = normaliseProductName(name);
    const key = `${manufacturer.id}|${normalised}`;
    const where = { normalisedName: normalised, supplierId: manufacturer.id };
    let product = this.products.get(key) ?? (await this.em.findOneBy(Product, where));
    if (!product) {
      await this.beforeWrite();
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

  private async beforeWrite(): Promise<void> {
    if (this.writing) return;
    await this.lockWrites();
    this.writing = true;
  }

  private async findByName(normalised: string): Promise<Supplier | null> {
    const memo = this.byName.get(normalised);
    if (memo) return memo;
    let found = await this.em.findOneBy(Supplier, { normalisedName: normalised });
    if (!found) {
      const alias = await this.em.findOneBy(SupplierAlias, { normalisedName: normalised });
      found = alias ? await this.em.findOneBy(Supplier, { id: alias.supplierId }) : null;
    }
    if (found) this.byName.set(normalised, found);
    return found;
  }

  private async create(name: string, normalised: string, number: string | null): Promise<Supplier> {
    await this.beforeWrite();
    // Another submission may have added it while this one waited for the lock.
    const now = number ? await this.em.findOneBy(Supplier, { companiesHouseNumber: number }) : null;
    const existing = now ?? (await this.findByName(normalised));
    if (existing) return existing;
    await this.em.insert(Supplier, {
      id: randomUUID(),
      name,
      normalisedName: normalised,
      companiesHouseNumber: number,
    });
    return this.findByName(normalised) as Promise<Supplier>;
  }

  /**
   * A name given with a known company number is another name of that company ("Northgate Public
   * Services" with NEC's number): remember it, unless it already means some other supplier.
   */
  private async learnAlias(supplier: Supplier, name: string, normalised: string): Promise<void> {
    if (await this.findByName(normalised)) return;
    await this.beforeWrite();
    if (await this.findByName(normalised)) return;
    await this.em.insert(SupplierAlias, {
      id: randomUUID(),
      supplierId: supplier.id,
      name: name.trim(),
      normalisedName: normalised,
    });
  }

  /** The first time a borough gives the number of a known supplier, the register learns it. */
  private async learnNumber(found: Supplier, number: string): Promise<Resolved<Supplier>> {
    await this.beforeWrite();
    const holder = await this.em.findOneBy(Supplier, { companiesHouseNumber: number });
    if (holder && holder.id !== found.id) {
      return {
        ok: false,
        field: 'supplierCompaniesHouseNumber',
        message: `belongs to "${holder.name}", not "${found.name}"`,
      };
    }
    await this.em
      .createQueryBuilder()
      .update(Supplier)
      .set({ companiesHouseNumber: number })
      .where('id = :id AND companies_house_number IS NULL', { id: found.id })
      .execute();
    const now = await this.em.findOneByOrFail(Supplier, { id: found.id });
    this.byName.set(now.normalisedName, now);
    if (now.companiesHouseNumber !== number) {
      return {
        ok: false,
        field: 'supplierCompaniesHouseNumber',
        message: `does not match "${now.name}", registered as Companies House number ${now.companiesHouseNumber}`,
      };
    }
    return { ok: true, value: now };
  }
}
