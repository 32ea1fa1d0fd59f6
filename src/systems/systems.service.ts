import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Borough } from '../boroughs/borough.entity';
import { FieldErrors } from '../common/domain-error';
import { checkInput } from '../common/validation';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { BoroughsService } from '../boroughs/boroughs.service';
import { CategoriesRepository } from '../categories/categories.repository';
import { Category } from '../categories/category.entity';
import { Database } from '../database/database';
import { Product } from '../suppliers/product.entity';
import { Supplier } from '../suppliers/supplier.entity';
import { SuppliersRepository } from '../suppliers/suppliers.repository';
import { MAX_RANK } from './dto/it-system.input';
import { SystemFilter } from './dto/system-filter.input';
import { DEFAULT_LIMIT, SystemsArgs } from './dto/systems.args';
import { ItSystem } from './it-system.entity';
import { EntryFilter, SystemsRepository } from './systems.repository';

/** A current entry with everything a person reads of it: what exports and feeds write. */
export interface NamedEntry {
  system: ItSystem;
  borough: Borough;
  category: Category;
  supplier: Supplier;
  product: Product | null;
  /** The product's maker, when that is not the supplier. */
  manufacturer: Supplier | null;
}

/** Entries read at a time: a page's names fit in a few small statements. */
export const ENTRIES_PER_READ = 1000;

/** Boroughs read at a time by `eachBoroughPage`: at most ENTRIES_PER_READ entries. */
const BOROUGHS_PER_READ = ENTRIES_PER_READ / MAX_RANK;

@Injectable()
export class SystemsService {
  constructor(
    private readonly db: Database,
    private readonly systems: SystemsRepository,
    private readonly boroughs: BoroughsRepository,
    private readonly categories: CategoriesRepository,
    private readonly suppliers: SuppliersRepository,
    private readonly freshness: BoroughsService,
  ) {}

  /**
   * Current entries of every borough, by contract end, then borough name, then rank. Given the
   * GraphQL fields wanted, the entries carry only the columns those read (and their id).
   */
  async find(
    filter: SystemFilter = {},
    limit = DEFAULT_LIMIT,
    offset = 0,
    fields?: ReadonlySet<string>,
  ): Promise<ItSystem[]> {
    const errors = new FieldErrors();
    checkInput(SystemsArgs, { filter, limit, offset }, '', errors);
    errors.throwIfAny();
    if (limit === 0) return [];
    return this.db.read(async (em) => {
      const entries = await this.entryFilter(em, filter);
      return entries ? this.systems.page(em, entries, limit, offset, fields) : [];
    });
  }

  /** Like `find`, in the order a reader chose: by borough and rank, or by supplier and end. */
  async findSorted(
    filter: SystemFilter,
    order: 'borough' | 'supplier',
    limit: number,
    offset: number,
  ): Promise<ItSystem[]> {
    const errors = new FieldErrors();
    checkInput(SystemsArgs, { filter, limit, offset }, '', errors);
    errors.throwIfAny();
    return this.db.read(async (em) => {
      const entries = await this.entryFilter(em, filter);
      return entries ? this.systems.pageSorted(em, entries, order, limit, offset) : [];
    });
  }

  /**
   * Every current entry that passes `filter`, with its names, by borough name and rank, a page
   * at a time: memory holds one page however large the register. Each page is its own read, and
   * holds whole boroughs, so each borough's list is one version of it while nothing is held
   * between pages (a slow reader of an export keeps no lock). Check the filter with
   * `checkFilter` first.
   */
  async *eachBoroughPage(
    filter: SystemFilter,
    boroughs = BOROUGHS_PER_READ,
  ): AsyncGenerator<NamedEntry[]> {
    const categories = this.categoriesById();
    let after: { name: string; id: string } | null = null;
    for (;;) {
      const page: NamedEntry[] | null = await this.db.read(async (em) => {
        const entries = await this.entryFilter(em, filter);
        if (!entries) return null;
        const { rows, last } = await this.systems.boroughsAfter(em, entries, after, boroughs);
        after = last;
        return rows.length ? this.named(em, rows, await categories) : null;
      });
      if (!page) return;
      yield page;
    }
  }

  /** How many entries that pass `filter` end on each date, by category (check it first). */
  async endCounts(
    filter: SystemFilter,
  ): Promise<{ category: Category; contractEnd: string; count: number }[]> {
    const categories = await this.categoriesById();
    return this.db.read(async (em) => {
      const entries = await this.entryFilter(em, filter);
      const rows = entries ? await this.systems.endCounts(em, entries) : [];
      return rows.map((r) => ({
        category: categories.get(r.categoryId)!,
        contractEnd: r.contractEnd,
        count: r.count,
      }));
    });
  }

  /** These entries (read with their borough, category, supplier and product ids) with their names. */
  async withNames(rows: readonly ItSystem[]): Promise<NamedEntry[]> {
    const categories = await this.categoriesById();
    const named: NamedEntry[] = [];
    for (let i = 0; i < rows.length; i += ENTRIES_PER_READ) {
      const page = rows.slice(i, i + ENTRIES_PER_READ);
      named.push(...(await this.db.read((em) => this.named(em, page, categories))));
    }
    return named;
  }

  private async categoriesById(): Promise<Map<string, Category>> {
    const categories = await this.db.read((em) => this.categories.all(em));
    return new Map(categories.map((c) => [c.id, c]));
  }

  /** Refuses a filter that `find` or `eachBoroughPage` would refuse, naming the field. */
  checkFilter(filter: SystemFilter, path = 'filter'): void {
    const errors = new FieldErrors();
    checkInput(SystemFilter, filter, path, errors);
    errors.throwIfAny();
  }

  /** The filter on stored ids, or null when it matches nothing (codes nobody has, empty lists). */
  private async entryFilter(em: EntityManager, filter: SystemFilter): Promise<EntryFilter | null> {
    if (
      filter.boroughGssCodes?.length === 0 ||
      filter.categoryCodes?.length === 0 ||
      filter.supplierIds?.length === 0 ||
      filter.productIds?.length === 0 ||
      filter.renewalDecisions?.length === 0
    ) {
      return null;
    }
    const boroughIds = filter.boroughGssCodes
      ? (await this.boroughs.byGssCodes(em, filter.boroughGssCodes)).map((b) => b.id)
      : undefined;
    const categoryIds = filter.categoryCodes
      ? (await this.categories.byCodes(em, filter.categoryCodes)).map((c) => c.id)
      : undefined;
    if (boroughIds?.length === 0 || categoryIds?.length === 0) return null;
    return {
      boroughIds,
      categoryIds,
      supplierIds: filter.supplierIds ?? undefined,
      productIds: filter.productIds ?? undefined,
      endingFrom: filter.endingFrom,
      endingTo: filter.endingTo,
      renewalDecisions: filter.renewalDecisions ?? undefined,
      boroughsIn:
        typeof filter.staleList === 'boolean'
          ? this.boroughs.idsByFreshness(em, filter.staleList, this.freshness.staleBefore())
          : undefined,
    };
  }

  private async named(
    em: EntityManager,
    rows: readonly ItSystem[],
    categories: ReadonlyMap<string, Category>,
  ): Promise<NamedEntry[]> {
    const distinct = (ids: (string | null)[]) => [
      ...new Set(ids.filter((id): id is string => id !== null)),
    ];
    const boroughs = byId(await this.boroughs.byIds(em, distinct(rows.map((r) => r.boroughId))));
    const products = byId(
      await this.suppliers.productsByIds(em, distinct(rows.map((r) => r.productId))),
    );
    const suppliers = byId(
      await this.suppliers.byIds(
        em,
        distinct([
          ...rows.map((r) => r.supplierId),
          ...[...products.values()].map((p) => p.supplierId),
        ]),
      ),
    );
    return rows.map((system) => {
      const product = system.productId ? products.get(system.productId)! : null;
      return {
        system,
        borough: boroughs.get(system.boroughId)!,
        category: categories.get(system.categoryId)!,
        supplier: suppliers.get(system.supplierId)!,
        product,
        manufacturer:
          product && product.supplierId !== system.supplierId
            ? suppliers.get(product.supplierId)!
            : null,
      };
    });
  }
}

const byId = <T extends { id: string }>(rows: T[]): Map<string, T> =>
  new Map(rows.map((row) => [row.id, row]));
