import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager, In } from 'typeorm';
import { containing, LIKE_ESCAPE } from '../common/like';
import { LoaderKey } from '../common/loaders';
import { AdvisoryLock, Database } from '../database/database';
import { PlainRows } from '../database/plain-rows';
import { Product } from './product.entity';
import { SupplierAlias } from './supplier-alias.entity';
import { Supplier } from './supplier.entity';

/** Suppliers and products by id, and each supplier's aliases, batched per request. */
export const SUPPLIER = new LoaderKey<string, Supplier>('supplier');
export const PRODUCT = new LoaderKey<string, Product>('product');
export const SUPPLIER_ALIASES = new LoaderKey<string, string[]>('supplier aliases');

/** Shared by list changes, which point entries at suppliers; exclusive for a merge, which deletes one. */
const SUPPLIER_SET = AdvisoryLock.define(7_361_055_222, 'supplier set');
/** Held by the one list change at a time that adds suppliers, aliases or products. */
const SUPPLIER_WRITES = AdvisoryLock.define(7_361_055_223, 'supplier writes');

/**
 * The `supplier`, `supplier_alias` and `product` tables: the one place that reads and writes
 * them. Methods run in the unit of work they are given.
 */
@Injectable()
export class SuppliersRepository {
  /**
   * Counts the changes this process makes to the names of suppliers and products (and which supplier makes a product), so that what
   * is derived from them can be kept until they change (ClusterReferences). Counted when written,
   * committed or not: a rollback only costs a re-read.
   */
  private namesChanged = 0;

  get namesVersion(): number {
    return this.namesChanged;
  }

  constructor(private readonly db: Database) {}

  /**
   * Keeps every supplier in place until the transaction ends: `shared` while a list points
   * entries at them, `exclusive` for a merge that deletes one.
   */
  holdSupplierSet(em: EntityManager, mode: 'shared' | 'exclusive'): Promise<void> {
    return this.db.lockUntilCommit(em, SUPPLIER_SET, mode);
  }

  /** One list change at a time adds suppliers, aliases or products (PostgreSQL). */
  lockWrites(em: EntityManager): Promise<void> {
    return this.db.lockUntilCommit(em, SUPPLIER_WRITES, 'exclusive');
  }

  /** Every supplier's name, without the rest of its row. */
  names(em: EntityManager): Promise<{ id: string; name: string }[]> {
    return em
      .createQueryBuilder(Supplier, 's')
      .select('s.id', 'id')
      .addSelect('s.name', 'name')
      .getRawMany();
  }

  /** Every product's name and maker, without the rest of its row. */
  productNames(em: EntityManager): Promise<{ id: string; name: string; supplierId: string }[]> {
    return em
      .createQueryBuilder(Product, 'p')
      .select('p.id', 'id')
      .addSelect('p.name', 'name')
      .addSelect('p.supplier_id', 'supplierId')
      .getRawMany();
  }

  byIds(em: EntityManager, ids: readonly string[]): Promise<Supplier[]> {
    return new PlainRows(em, Supplier).byIds(ids);
  }

  productsByIds(em: EntityManager, ids: readonly string[]): Promise<Product[]> {
    return new PlainRows(em, Product).byIds(ids);
  }

  /** The aliases of each supplier, by name. */
  aliasesOf(em: EntityManager, supplierIds: readonly string[]): Promise<SupplierAlias[]> {
    return em.find(SupplierAlias, {
      where: { supplierId: In([...supplierIds]) },
      order: { name: 'ASC' },
    });
  }

  /** Suppliers by name; with a term, those whose name or an alias contains it, or with that number. */
  search(em: EntityManager, normalisedTerm: string, number: string): Promise<Supplier[]> {
    const query = em
      .createQueryBuilder(Supplier, 's')
      .orderBy('s.name', 'ASC')
      .addOrderBy('s.id', 'ASC');
    if (normalisedTerm) {
      const pattern = containing(normalisedTerm);
      query.where(
        new Brackets((w) =>
          w
            .where(`s.normalised_name LIKE :pattern ${LIKE_ESCAPE}`, { pattern })
            .orWhere('s.companies_house_number = :number', { number })
            .orWhere(
              `EXISTS (SELECT 1 FROM supplier_alias a WHERE a.supplier_id = s.id AND a.normalised_name LIKE :pattern ${LIKE_ESCAPE})`,
            ),
        ),
      );
    }
    return query.getMany();
  }

  findById(em: EntityManager, id: string): Promise<Supplier | null> {
    return em.findOneBy(Supplier, { id });
  }

  findByNumber(em: EntityManager, companiesHouseNumber: string): Promise<Supplier | null> {
    return em.findOneBy(Supplier, { companiesHouseNumber });
  }

  /** The supplier with this normalised name, or whose alias it is. */
  async findByName(em: EntityManager, normalisedName: string): Promise<Supplier | null> {
    const found = await em.findOneBy(Supplier, { normalisedName });
    if (found) return found;
    const alias = await em.findOneBy(SupplierAlias, { normalisedName });
    return alias ? em.findOneBy(Supplier, { id: alias.supplierId }) : null;
  }

  async insert(
    em: EntityManager,
    supplier: Pick<Supplier, 'name' | 'normalisedName' | 'companiesHouseNumber'>,
  ): Promise<void> {
    this.namesChanged++;
    await em.insert(Supplier, { id: randomUUID(), ...supplier });
  }

  async addAlias(
    em: EntityManager,
    supplierId: string,
    name: string,
    normalisedName: string,
  ): Promise<void> {
    await em.insert(SupplierAlias, { id: randomUUID(), supplierId, name, normalisedName });
  }

  /** Records a supplier's Companies House number unless it already has one; returns the row. */
  async setNumberIfUnset(em: EntityManager, id: string, number: string): Promise<Supplier> {
    await em
      .createQueryBuilder()
      .update(Supplier)
      .set({ companiesHouseNumber: number })
      .where('id = :id AND companies_house_number IS NULL', { id })
      .execute();
    return em.findOneByOrFail(Supplier, { id });
  }

  findProduct(
    em: EntityManager,
    supplierId: string,
    normalisedName: string,
  ): Promise<Product | null> {
    return em.findOneBy(Product, { supplierId, normalisedName });
  }

  /** The product, added if no list change added it first. */
  async addProduct(
    em: EntityManager,
    supplierId: string,
    name: string,
    normalisedName: string,
  ): Promise<Product> {
    this.namesChanged++;
    await em
      .createQueryBuilder()
      .insert()
      .into(Product)
      .values({ id: randomUUID(), name, normalisedName, supplierId })
      .orIgnore()
      .execute();
    return em.findOneByOrFail(Product, { supplierId, normalisedName });
  }

  productsOf(em: EntityManager, supplierId: string): Promise<Product[]> {
    return em.findBy(Product, { supplierId });
  }

  async moveProduct(em: EntityManager, productId: string, intoSupplierId: string): Promise<void> {
    this.namesChanged++;
    await em.update(Product, { id: productId }, { supplierId: intoSupplierId });
  }

  async deleteProduct(em: EntityManager, productId: string): Promise<void> {
    this.namesChanged++;
    await em.delete(Product, { id: productId });
  }

  /** Moves a supplier's aliases to another, deletes it, and keeps its name as an alias there. */
  async foldInto(em: EntityManager, from: Supplier, into: Supplier): Promise<void> {
    this.namesChanged++;
    await em.update(SupplierAlias, { supplierId: from.id }, { supplierId: into.id });
    await em.delete(Supplier, { id: from.id });
    await this.addAlias(em, into.id, from.name, from.normalisedName);
    if (!into.companiesHouseNumber && from.companiesHouseNumber) {
      into.companiesHouseNumber = from.companiesHouseNumber;
      await em.update(
        Supplier,
        { id: into.id },
        { companiesHouseNumber: into.companiesHouseNumber },
      );
    }
  }
}
