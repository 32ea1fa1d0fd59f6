import { EntityManager } from 'typeorm';
import { normaliseProductName, normaliseSupplierName } from './normalise-name';
import { Product } from './product.entity';
import { Supplier } from './supplier.entity';
import { SuppliersRepository } from './suppliers.repository';

export type Matched<T> = { ok: true; value: T } | { ok: false; field: string; message: string };

/** The number given is not the one the register holds for the supplier of that name. */
const numberMismatch = (supplier: Supplier): Matched<Supplier> => ({
  ok: false,
  field: 'supplierCompaniesHouseNumber',
  message: `does not match "${supplier.name}", registered as Companies House number ${supplier.companiesHouseNumber}`,
});

/**
 * Matches the supplier and product names of one list change to rows, adding what is new, inside
 * that change's transaction (DESIGN §2): same Companies House number, else same normalised name
 * (or alias), else a new supplier.
 *
 * Reads need no lock. Before its first write the matcher takes the supplier write lock, held by
 * one list change at a time on PostgreSQL; every write re-checks what it read, so two boroughs
 * adding the same new supplier get one row, and never a deadlock.
 */
export class SupplierMatcher {
  /** Suppliers found by name in this change, by normalised name. */
  private readonly byName = new Map<string, Supplier>();
  private readonly products = new Map<string, Product>();
  private writing = false;

  constructor(
    private readonly em: EntityManager,
    private readonly suppliers: SuppliersRepository,
  ) {}

  async supplier(name: string, companiesHouseNumber?: string | null): Promise<Matched<Supplier>> {
    const normalised = normaliseSupplierName(name);
    const number = companiesHouseNumber ?? null;
    if (number) {
      const byNumber = await this.suppliers.findByNumber(this.em, number);
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
    return numberMismatch(found);
  }

  async product(name: string, manufacturer: Supplier): Promise<Product> {
    const normalised = normaliseProductName(name);
    const key = `${manufacturer.id}|${normalised}`;
    let product =
      this.products.get(key) ??
      (await this.suppliers.findProduct(this.em, manufacturer.id, normalised));
    if (!product) {
      await this.beforeWrite();
      product = await this.suppliers.addProduct(this.em, manufacturer.id, name.trim(), normalised);
    }
    this.products.set(key, product);
    return product;
  }

  private async beforeWrite(): Promise<void> {
    if (this.writing) return;
    await this.suppliers.lockWrites(this.em);
    this.writing = true;
  }

  private async findByName(normalised: string): Promise<Supplier | null> {
    const memo = this.byName.get(normalised);
    if (memo) return memo;
    const found = await this.suppliers.findByName(this.em, normalised);
    if (found) this.byName.set(normalised, found);
    return found;
  }

  private async create(name: string, normalised: string, number: string | null): Promise<Supplier> {
    await this.beforeWrite();
    // Another list change may have added it while this one waited for the lock.
    const now = number ? await this.suppliers.findByNumber(this.em, number) : null;
    const existing = now ?? (await this.findByName(normalised));
    if (existing) return existing;
    await this.suppliers.insert(this.em, {
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
    await this.suppliers.addAlias(this.em, supplier.id, name.trim(), normalised);
  }

  /** The first time a borough gives the number of a known supplier, the register learns it. */
  private async learnNumber(found: Supplier, number: string): Promise<Matched<Supplier>> {
    await this.beforeWrite();
    const holder = await this.suppliers.findByNumber(this.em, number);
    if (holder && holder.id !== found.id) {
      return {
        ok: false,
        field: 'supplierCompaniesHouseNumber',
        message: `belongs to "${holder.name}", not "${found.name}"`,
      };
    }
    const now = await this.suppliers.setNumberIfUnset(this.em, found.id, number);
    this.byName.set(now.normalisedName, now);
    if (now.companiesHouseNumber !== number) {
      return numberMismatch(now);
    }
    return { ok: true, value: now };
  }
}
