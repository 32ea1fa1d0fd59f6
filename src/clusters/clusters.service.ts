import { Injectable } from '@nestjs/common';
import { EntityManager, EntityTarget, In } from 'typeorm';
import { Borough } from '../boroughs/borough.entity';
import { Category } from '../categories/category.entity';
import { Clock } from '../common/clock';
import { addMonths } from '../common/dates';
import { FieldErrors } from '../common/domain-error';
import { Database } from '../database/database';
import { Product } from '../suppliers/product.entity';
import { Supplier } from '../suppliers/supplier.entity';
import { ItSystem } from '../systems/it-system.entity';
import { ClusterGrouping, ClusterInput } from './dto/cluster.input';
import {
  Cluster,
  ClusterOptions,
  ClusterNames,
  ClusterRow,
  DEFAULT_CLUSTER_OPTIONS,
  findClusters,
} from './find-clusters';
import { ExpiryCluster } from './models/expiry-cluster.model';

/** More codes than there are categories or authorities in England is not a real question. */
const MAX_CODES = 500;

interface Query {
  asOf: string;
  options: ClusterOptions;
  categoryCodes: string[] | null;
  boroughGssCodes: string[] | null;
}

const range = (
  errors: FieldErrors,
  field: string,
  value: number | null | undefined,
  min: number,
  max: number,
) => {
  if (
    value !== null &&
    value !== undefined &&
    (!Number.isInteger(value) || value < min || value > max)
  ) {
    errors.add(
      `input.${field}`,
      max === Infinity ? `must be ${min} or more` : `must be a whole number from ${min} to ${max}`,
    );
  }
};

/** Joint procurement opportunities (DESIGN §4): validates the input, reads, calls findClusters. */
@Injectable()
export class ClustersService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  /** The names as last read, until something may have changed them (on SQLite only). */
  private kept: { mark: string; names: ClusterNames } | undefined;

  async find(input: ClusterInput = {}): Promise<ExpiryCluster[]> {
    const query = await this.validate(input);
    // An empty list of codes lets nothing take part, as in the systems filter.
    if (query.categoryCodes?.length === 0 || query.boroughGssCodes?.length === 0) return [];
    const { rows, names } = await this.eligibleSystems(query);
    // Both drivers answer integers as numbers and dates as YYYY-MM-DD: the rows need no mapping.
    return findClusters(rows, query.options, query.asOf, names).map(toModel);
  }

  private async validate(input: ClusterInput): Promise<Query> {
    const errors = new FieldErrors();
    range(errors, 'horizonMonths', input.horizonMonths, 1, 60);
    range(errors, 'maxSpreadMonths', input.maxSpreadMonths, 0, 24);
    range(errors, 'minBoroughs', input.minBoroughs, 2, Infinity);
    range(errors, 'leadTimeMonths', input.leadTimeMonths, 0, 60);
    for (const field of ['categoryCodes', 'boroughGssCodes'] as const) {
      if ((input[field]?.length ?? 0) > MAX_CODES)
        errors.add(`input.${field}`, `must have at most ${MAX_CODES} codes`);
    }
    errors.throwIfAny();
    const [categories, boroughs] = await this.db.read(async (em) => [
      input.categoryCodes?.length
        ? await em.findBy(Category, { code: In([...new Set(input.categoryCodes)]) })
        : [],
      input.boroughGssCodes?.length
        ? await em.findBy(Borough, { gssCode: In([...new Set(input.boroughGssCodes)]) })
        : [],
    ]);
    const knownCategories = new Set(categories.map((c) => c.code));
    input.categoryCodes?.forEach((code, i) => {
      if (!knownCategories.has(code))
        errors.add(`input.categoryCodes.${i}`, `is not a known category code ("${code}")`);
    });
    const knownBoroughs = new Set(boroughs.map((b) => b.gssCode));
    input.boroughGssCodes?.forEach((code, i) => {
      if (!knownBoroughs.has(code))
        errors.add(`input.boroughGssCodes.${i}`, `is not a known borough GSS code ("${code}")`);
    });
    errors.throwIfAny();

    const d = DEFAULT_CLUSTER_OPTIONS;
    return {
      asOf: input.asOf ?? this.clock.today(),
      options: {
        horizonMonths: input.horizonMonths ?? d.horizonMonths,
        maxSpreadMonths: input.maxSpreadMonths ?? d.maxSpreadMonths,
        minBoroughs: input.minBoroughs ?? d.minBoroughs,
        groupBy: input.groupBy ?? ClusterGrouping.CATEGORY,
        useExtensions: input.useExtensions ?? d.useExtensions,
        leadTimeMonths: input.leadTimeMonths ?? null,
      },
      categoryCodes: input.categoryCodes ?? null,
      boroughGssCodes: input.boroughGssCodes ?? null,
    };
  }

  /**
   * Every authority's, category's, supplier's and product's name: 10,000 authorities at national
   * scale, a sixth of a computation's time to read. They change far less often than clusters are
   * asked for, so on SQLite they are kept until the next commit.
   */
  private async names(em: EntityManager): Promise<ClusterNames> {
    const mark = await this.db.changeMark(em);
    if (mark !== null && this.kept?.mark === mark) return this.kept.names;
    const names = await registerNames(em);
    if (mark !== null) this.kept = { mark, names };
    return names;
  }

  /**
   * Only the rows that can take part, and only the columns the computation reads: current,
   * open to collaboration, ending within the horizon, answered from the partial index on contract
   * end. The rows go to findClusters as they come; names come from the small tables in one
   * statement each, not a join per row, and are looked up only for systems in a cluster.
   */
  private eligibleSystems({
    asOf,
    options,
    categoryCodes,
    boroughGssCodes,
  }: Query): Promise<{ rows: ClusterRow[]; names: ClusterNames }> {
    return this.db.read(async (em) => {
      const query = em
        .createQueryBuilder(ItSystem, 's')
        .select('s.id', 'id')
        .addSelect('s.borough_id', 'boroughId')
        .addSelect('s.rank', 'rank')
        .addSelect('s.category_id', 'categoryId')
        .addSelect('s.supplier_id', 'supplierId')
        .addSelect('s.product_id', 'productId')
        .addSelect('s.contract_end', 'contractEnd')
        .addSelect('s.max_extent_date', 'maxExtentDate')
        .addSelect('s.open_to_collaboration', 'openToCollaboration')
        .addSelect('s.annual_value_gbp', 'annualValueGbp')
        .where('s.retired_at IS NULL')
        .andWhere({ openToCollaboration: true })
        .andWhere('s.contract_end >= :asOf AND s.contract_end <= :until', {
          asOf,
          until: addMonths(asOf, options.horizonMonths),
        });
      if (categoryCodes?.length) {
        query.andWhere(
          's.category_id IN (SELECT c.id FROM category c WHERE c.code IN (:...categoryCodes))',
          {
            categoryCodes,
          },
        );
      }
      if (boroughGssCodes?.length) {
        query.andWhere(
          's.borough_id IN (SELECT b.id FROM borough b WHERE b.gss_code IN (:...boroughGssCodes))',
          {
            boroughGssCodes,
          },
        );
      }
      if (options.groupBy === 'PRODUCT') query.andWhere('s.product_id IS NOT NULL');
      // Names first: reading them while tens of thousands of rows are alive would copy those
      // rows in every young-generation collection the reading triggers.
      const names = await this.names(em);
      return { rows: await query.getRawMany<ClusterRow>(), names };
    });
  }
}

function missing(id: string): never {
  throw new Error(`no name for ${id}`);
}

/** Every name a cluster can show, from the small tables in one plain read each. */
async function registerNames(em: EntityManager): Promise<ClusterNames> {
  const read = <Row>(entity: EntityTarget<object>, columns: Record<keyof Row & string, string>) => {
    const query = em.createQueryBuilder(entity, 't').select('t.id', 'id');
    for (const [alias, column] of Object.entries<string>(columns))
      query.addSelect(`t.${column}`, alias);
    return query.getRawMany<Row & { id: string }>();
  };
  const byId = <Row extends { id: string }, T>(rows: Row[], value: (row: Row) => T) =>
    new Map(rows.map((row) => [row.id, value(row)]));
  const categories = byId(
    await read<{ name: string; leadTimeMonths: number }>(Category, {
      name: 'name',
      leadTimeMonths: 'lead_time_months',
    }),
    (c) => c,
  );
  const suppliers = byId(await read<{ name: string }>(Supplier, { name: 'name' }), (s) => s.name);
  const products = byId(
    await read<{ name: string; supplierId: string }>(Product, {
      name: 'name',
      supplierId: 'supplier_id',
    }),
    (p) => `${p.name} (${suppliers.get(p.supplierId)})`,
  );
  const boroughs = byId(await read<{ name: string }>(Borough, { name: 'name' }), (b) => b.name);
  const known =
    <T>(values: Map<string, T>) =>
    (id: string): T =>
      values.get(id) ?? missing(id);
  const category = known(categories);
  return {
    boroughName: known(boroughs),
    categoryName: (id) => category(id).name,
    categoryLeadTimeMonths: (id) => category(id).leadTimeMonths,
    supplierName: known(suppliers),
    productName: known(products),
  };
}

function toModel(cluster: Cluster): ExpiryCluster {
  return {
    id: cluster.id,
    groupBy: cluster.groupBy as ClusterGrouping,
    key: cluster.key,
    members: cluster.members,
    boroughIds: cluster.boroughIds,
    boroughCount: cluster.boroughCount,
    earliestEnd: cluster.earliestEnd,
    latestEnd: cluster.latestEnd,
    window: cluster.window,
    combinedAnnualValueGbp: cluster.combinedAnnualValueGbp,
    valueKnownCount: cluster.valueKnownCount,
    leadTimeMonths: cluster.leadTimeMonths,
    actionBy: cluster.actionBy,
    urgent: cluster.urgent,
    suppliers: cluster.suppliers.map((s) => ({ supplierId: s.id, count: s.count })),
    products: cluster.products.map((p) => ({ productId: p.id, count: p.count })),
  };
}
