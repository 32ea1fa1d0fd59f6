import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { CategoriesRepository } from '../categories/categories.repository';
import { Database } from '../database/database';
import { SuppliersRepository } from '../suppliers/suppliers.repository';
import { ClusterNames } from './find-clusters';

function missing(id: string): never {
  throw new Error(`no name for ${id}`);
}

const known =
  <T>(values: Map<string, T>) =>
  (id: string): T =>
    values.get(id) ?? missing(id);

/** What clusters ask of the reference data: which codes exist, and every name a cluster shows. */
@Injectable()
export class ClusterReferences {
  /** The names as last read, until they may have changed (on SQLite only). */
  private kept: { mark: string; names: ClusterNames } | undefined;

  constructor(
    private readonly db: Database,
    private readonly boroughs: BoroughsRepository,
    private readonly categories: CategoriesRepository,
    private readonly suppliers: SuppliersRepository,
  ) {}

  /** The ids of the codes that name a category, and of those that name a borough, by code. */
  async knownCodes(
    em: EntityManager,
    categoryCodes: readonly string[],
    boroughGssCodes: readonly string[],
  ): Promise<{ categories: Map<string, string>; boroughs: Map<string, string> }> {
    const categories = await this.categories.byCodes(em, categoryCodes);
    const boroughs = await this.boroughs.byGssCodes(em, boroughGssCodes);
    return {
      categories: new Map(categories.map((c) => [c.code, c.id])),
      boroughs: new Map(boroughs.map((b) => [b.gssCode, b.id])),
    };
  }

  /**
   * Every authority's, category's, supplier's and product's name: 10,000 authorities at national
   * scale, a sixth of a computation's time to read. They change far less often than clusters are
   * asked for, so on SQLite they are kept until this process changes a name (its repositories
   * count that) or another process commits anything. Re-reading them after every list change
   * made cluster queries slow down as suppliers were added: 13 ms became 38 ms at 5,000 suppliers.
   */
  async names(em: EntityManager): Promise<ClusterNames> {
    const others = await this.db.commitsByOthers(em);
    const mark =
      others === null
        ? null
        : [
            others,
            this.boroughs.namesVersion,
            this.categories.namesVersion,
            this.suppliers.namesVersion,
          ].join(':');
    if (mark !== null && this.kept?.mark === mark) return this.kept.names;
    const names = await this.read(em);
    if (mark !== null) this.kept = { mark, names };
    return names;
  }

  /** Every name a cluster can show, from the small tables in one plain read each. */
  private async read(em: EntityManager): Promise<ClusterNames> {
    const categories = new Map((await this.categories.all(em)).map((c) => [c.id, c]));
    const suppliers = new Map((await this.suppliers.names(em)).map((s) => [s.id, s.name]));
    const products = new Map(
      (await this.suppliers.productNames(em)).map((p) => [
        p.id,
        `${p.name} (${suppliers.get(p.supplierId)})`,
      ]),
    );
    const boroughs = new Map((await this.boroughs.names(em)).map((b) => [b.id, b.name]));
    const category = known(categories);
    return {
      boroughName: known(boroughs),
      categoryName: (id) => category(id).name,
      categoryLeadTimeMonths: (id) => category(id).leadTimeMonths,
      supplierName: known(suppliers),
      productName: known(products),
    };
  }
}
