import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, SelectQueryBuilder } from 'typeorm';
import { Borough } from '../boroughs/borough.entity';
import { Supplier } from '../suppliers/supplier.entity';
import { MAX_DATE } from '../common/dates';
import { PlainRows } from '../database/plain-rows';
import { LoaderKey } from '../common/loaders';
import { CollaborationCandidate } from './collaboration-candidate';
import { ItSystemInput } from './dto/it-system.input';
import { Hosting } from './hosting';
import { ItSystem } from './it-system.entity';
import { RenewalDecision } from './renewal-decision';

/** Entries by id (current or retired); each borough's and each supplier's current entries. */
export const SYSTEM = new LoaderKey<string, ItSystem>('system');
export const SYSTEMS_OF_BOROUGH = new LoaderKey<string, ItSystem[]>('systems of borough');
export const SYSTEMS_OF_SUPPLIER = new LoaderKey<string, ItSystem[]>('systems of supplier');

/** The stored fields of an entry that a list change writes. */
export type EntryValues = Pick<
  ItSystem,
  | 'rank'
  | 'name'
  | 'categoryId'
  | 'supplierId'
  | 'productId'
  | 'contractReference'
  | 'contractStart'
  | 'contractEnd'
  | 'maxExtentDate'
  | 'noticePeriodDays'
  | 'annualValueGbp'
  | 'totalValueGbp'
  | 'hosting'
  | 'routeToMarket'
  | 'openToCollaboration'
  | 'notes'
  | 'renewalDecision'
  | 'decisionNote'
>;

/** The fields of EntryValues, compared to tell whether an entry changed. */
export const ENTRY_FIELDS: readonly (keyof EntryValues)[] = [
  'rank',
  'name',
  'categoryId',
  'supplierId',
  'productId',
  'contractReference',
  'contractStart',
  'contractEnd',
  'maxExtentDate',
  'noticePeriodDays',
  'annualValueGbp',
  'totalValueGbp',
  'hosting',
  'routeToMarket',
  'openToCollaboration',
  'notes',
  'renewalDecision',
  'decisionNote',
];

/** An entry's stored values: what was submitted, with the defaults, and its resolved references. */
export function entryValues(
  entry: ItSystemInput,
  refs: Pick<EntryValues, 'categoryId' | 'supplierId' | 'productId'>,
): EntryValues {
  return {
    rank: entry.rank,
    name: entry.name,
    ...refs,
    contractReference: entry.contractReference ?? null,
    contractStart: entry.contractStart ?? null,
    contractEnd: entry.contractEnd,
    maxExtentDate: entry.maxExtentDate ?? null,
    noticePeriodDays: entry.noticePeriodDays ?? null,
    annualValueGbp: entry.annualValueGbp ?? null,
    totalValueGbp: entry.totalValueGbp ?? null,
    hosting: entry.hosting ?? Hosting.UNKNOWN,
    routeToMarket: entry.routeToMarket ?? null,
    openToCollaboration: entry.openToCollaboration ?? true,
    notes: entry.notes ?? null,
    renewalDecision: entry.renewalDecision ?? RenewalDecision.UNDECIDED,
    decisionNote: entry.decisionNote ?? null,
  };
}

/** Which current entries a page holds: every condition given must hold. */
export interface EntryFilter {
  boroughIds?: readonly string[];
  categoryIds?: readonly string[];
  supplierIds?: readonly string[];
  productIds?: readonly string[];
  endingFrom?: string | null;
  endingTo?: string | null;
  renewalDecisions?: readonly RenewalDecision[];
  /** Only entries of the boroughs this query selects (their ids), from the boroughs' own repository. */
  boroughsIn?: SelectQueryBuilder<Borough>;
}

/**
 * Columns that `ItSystem`'s GraphQL fields read, where they are not the field's own column: a list
 * reads only what its query asks for. A field neither here nor a column makes the list read every
 * column, so a field added later is never answered from a column left unread.
 */
export const FIELD_COLUMNS: Readonly<Record<string, readonly (keyof ItSystem)[]>> = {
  __typename: [],
  noticeDeadline: ['contractEnd', 'noticePeriodDays'],
  borough: ['boroughId'],
  category: ['categoryId'],
  supplier: ['supplierId'],
  product: ['productId'],
};

/**
 * The `it_system` table: the one place that reads and writes it. Rows are never deleted: an entry
 * dropped from a list is retired (`retired_at` set), so its identity survives in history; the
 * current entries are those not retired. Methods run in the unit of work they are given.
 */
@Injectable()
export class SystemsRepository {
  /** Current entries: every question about "the register" starts here. */
  current(em: EntityManager, alias = 's'): SelectQueryBuilder<ItSystem> {
    return em.createQueryBuilder(ItSystem, alias).where(`${alias}.retired_at IS NULL`);
  }

  byIds(em: EntityManager, ids: readonly string[]): Promise<ItSystem[]> {
    return em.findBy(ItSystem, { id: In([...ids]) });
  }

  /** A borough's current list, by rank. */
  currentOfBorough(em: EntityManager, boroughId: string): Promise<ItSystem[]> {
    return this.current(em).andWhere({ boroughId }).orderBy('s.rank', 'ASC').getMany();
  }

  /** Several boroughs' current lists, each by rank. */
  currentOfBoroughs(em: EntityManager, boroughIds: readonly string[]): Promise<ItSystem[]> {
    return this.current(em)
      .andWhere({ boroughId: In([...boroughIds]) })
      .orderBy('s.rank', 'ASC')
      .getMany();
  }

  /** Current entries of several suppliers, by borough name and rank. */
  currentOfSuppliers(em: EntityManager, supplierIds: readonly string[]): Promise<ItSystem[]> {
    return this.current(em)
      .innerJoin(Borough, 'b', 'b.id = s.borough_id')
      .andWhere({ supplierId: In([...supplierIds]) })
      .orderBy('b.name', 'ASC')
      .addOrderBy('s.rank', 'ASC')
      .getMany();
  }

  /** Retires a borough's whole current list. */
  async retireCurrent(em: EntityManager, boroughId: string, at: Date): Promise<void> {
    await em.update(ItSystem, { boroughId, retiredAt: IsNull() }, { retiredAt: at });
  }

  /** Brings an entry back into the current list with these values. */
  async restore(
    em: EntityManager,
    id: string,
    values: EntryValues,
    updatedAt: Date,
  ): Promise<void> {
    await em.update(ItSystem, { id }, { ...values, retiredAt: null, updatedAt });
  }

  /** Adds a new entry to a borough's current list; returns its id. */
  async add(em: EntityManager, boroughId: string, values: EntryValues, at: Date): Promise<string> {
    const id = randomUUID();
    await em.insert(ItSystem, {
      ...values,
      id,
      boroughId,
      createdAt: at,
      updatedAt: at,
      retiredAt: null,
    });
    return id;
  }

  /** Entries of every list, current and retired, follow a merged supplier to the survivor. */
  async moveSupplier(em: EntityManager, fromId: string, intoId: string): Promise<void> {
    await em.update(ItSystem, { supplierId: fromId }, { supplierId: intoId });
  }

  async moveProduct(em: EntityManager, fromId: string, intoId: string): Promise<void> {
    await em.update(ItSystem, { productId: fromId }, { productId: intoId });
  }

  /**
   * A page of current entries, by contract end, then borough name, then rank. Given the GraphQL
   * fields wanted, the entries carry only the columns those read (and their id).
   */
  page(
    em: EntityManager,
    filter: EntryFilter,
    limit: number,
    offset: number,
    fields?: ReadonlySet<string>,
  ): Promise<ItSystem[]> {
    const matching = (alias: string) => this.matching(em, filter, alias);
    // The page ends at or before the contract end of the (offset + limit)th system by end date:
    // bounding the rows by it lets the database read them in index order and sort only the page's
    // rows by borough name, instead of joining and sorting the whole register.
    const pageEnd = matching('e')
      .select('e.contract_end')
      .orderBy('e.contract_end', 'ASC')
      .limit(1)
      .offset(offset + limit - 1);
    return matching('s')
      .select(selectedColumns(em, fields).map((column) => `s.${column}`))
      .innerJoin(Borough, 'b', 'b.id = s.borough_id')
      .andWhere(`s.contract_end <= COALESCE((${pageEnd.getQuery()}), :lastDate)`, {
        lastDate: MAX_DATE,
      })
      .setParameters(pageEnd.getParameters())
      .orderBy('s.contract_end', 'ASC')
      .addOrderBy('b.name', 'ASC')
      .addOrderBy('s.rank', 'ASC')
      .limit(limit)
      .offset(offset)
      .getMany();
  }

  /**
   * A page of current entries in the order a reader chose: by borough (short name, as pages show
   * it, then rank) or by supplier (name, then contract end); the id breaks ties so pages never
   * overlap. The order is over the joined names, so the database sorts the matching rows: pages
   * stay a page, while the default order (`page`) reads in index order.
   */
  pageSorted(
    em: EntityManager,
    filter: EntryFilter,
    order: 'borough' | 'supplier',
    limit: number,
    offset: number,
  ): Promise<ItSystem[]> {
    const rows = this.matching(em, filter, 's');
    if (order === 'borough') {
      rows
        .innerJoin(Borough, 'b', 'b.id = s.borough_id')
        .orderBy('b.short_name', 'ASC')
        .addOrderBy('s.rank', 'ASC');
    } else {
      rows
        .innerJoin(Supplier, 'sup', 'sup.id = s.supplier_id')
        .orderBy('sup.name', 'ASC')
        .addOrderBy('s.contract_end', 'ASC');
    }
    return rows.addOrderBy('s.id', 'ASC').limit(limit).offset(offset).getMany();
  }

  /** How many matching entries end on each date, by category: one row per category and date. */
  async endCounts(
    em: EntityManager,
    filter: EntryFilter,
  ): Promise<{ categoryId: string; contractEnd: string; count: number }[]> {
    const rows = await this.matching(em, filter, 's')
      .select('s.category_id', 'categoryId')
      .addSelect('s.contract_end', 'contractEnd')
      .addSelect('COUNT(*)', 'count')
      .groupBy('s.category_id')
      .addGroupBy('s.contract_end')
      .getRawMany<{ categoryId: string; contractEnd: string; count: number | string }>();
    // PostgreSQL counts in bigint, which pg gives as text.
    return rows.map((r) => ({ ...r, count: Number(r.count) }));
  }

  private matching(em: EntityManager, filter: EntryFilter, alias: string) {
    const query = this.current(em, alias);
    if (filter.boroughIds) {
      query.andWhere(`${alias}.borough_id IN (:...boroughs)`, { boroughs: filter.boroughIds });
    }
    if (filter.categoryIds) {
      query.andWhere(`${alias}.category_id IN (:...categories)`, {
        categories: filter.categoryIds,
      });
    }
    if (filter.productIds) {
      query.andWhere(`${alias}.product_id IN (:...products)`, { products: filter.productIds });
    }
    if (filter.supplierIds) {
      query.andWhere(`${alias}.supplier_id IN (:...suppliers)`, {
        suppliers: filter.supplierIds,
      });
    }
    if (filter.endingFrom) {
      query.andWhere(`${alias}.contract_end >= :from`, { from: filter.endingFrom });
    }
    if (filter.endingTo) query.andWhere(`${alias}.contract_end <= :to`, { to: filter.endingTo });
    if (filter.renewalDecisions) {
      query.andWhere(`${alias}.renewal_decision IN (:...decisions)`, {
        decisions: filter.renewalDecisions,
      });
    }
    if (filter.boroughsIn) {
      query
        .andWhere(`${alias}.borough_id IN (${filter.boroughsIn.getQuery()})`)
        .setParameters(filter.boroughsIn.getParameters());
    }
    return query;
  }

  /**
   * The current entries that pass `filter` of the next `boroughs` boroughs that have any, by
   * borough name, after the borough `after` (its name and id), each borough's by rank: a page of
   * whole lists. The boroughs are found by name, each probed through the index of current
   * entries by borough, and their entries read through the same index: no page sorts the
   * register.
   */
  async boroughsAfter(
    em: EntityManager,
    filter: EntryFilter,
    after: { name: string; id: string } | null,
    boroughs: number,
  ): Promise<{ rows: ItSystem[]; last: { name: string; id: string } | null }> {
    const any = this.matching(em, filter, 'e').select('1').andWhere('e.borough_id = b.id');
    const page = em
      .createQueryBuilder(Borough, 'b')
      .select('b.id', 'id')
      .addSelect('b.name', 'name')
      .where(`EXISTS (${any.getQuery()})`)
      .setParameters(any.getParameters());
    if (after)
      page.andWhere('(b.name > :afterName OR (b.name = :afterName AND b.id > :afterId))', {
        afterName: after.name,
        afterId: after.id,
      });
    const found = await page
      .orderBy('b.name', 'ASC')
      .addOrderBy('b.id', 'ASC')
      .limit(boroughs)
      .getRawMany<{ id: string; name: string }>();
    if (found.length === 0) return { rows: [], last: null };
    const order = new Map(found.map((b, i) => [b.id, i]));
    const rows = new PlainRows(em, ItSystem);
    const entries = await rows.read(
      this.matching(em, filter, 's').andWhere('s.borough_id IN (:...pageBoroughs)', {
        pageBoroughs: found.map((b) => b.id),
      }),
      's',
    );
    entries.sort((a, b) => order.get(a.boroughId)! - order.get(b.boroughId)! || a.rank - b.rank);
    return { rows: entries, last: found[found.length - 1] };
  }

  /**
   * Current entries open to collaboration ending from `from` to `until`, answered from the partial
   * index on contract end: only the columns a cluster computation reads, and those that
   * `entryFields` (GraphQL fields of `ItSystem`) read, so a cluster's members come with their
   * entries from the one statement. Both drivers answer integers as numbers and dates as
   * YYYY-MM-DD: the rows go to the computation as they come; `entry` makes one an `ItSystem`.
   */
  async collaborationCandidates(
    em: EntityManager,
    {
      from,
      until,
      categoryIds,
      boroughIds,
      withProductOnly,
    }: {
      from: string;
      until: string;
      /** Null: every category. */
      categoryIds: readonly string[] | null;
      /** Null: every borough. */
      boroughIds: readonly string[] | null;
      withProductOnly: boolean;
    },
    entryFields?: ReadonlySet<string>,
  ): Promise<Candidates> {
    const rows = new PlainRows(em, ItSystem, [
      ...new Set([...CANDIDATE_COLUMNS, ...(entryFields ? selectedColumns(em, entryFields) : [])]),
    ]);
    const query = rows.select(this.current(em), 's');
    query
      .andWhere({ openToCollaboration: true })
      .andWhere('s.renewal_decision <> :decommission', {
        decommission: RenewalDecision.DECOMMISSION,
      })
      .andWhere('s.contract_end >= :from AND s.contract_end <= :until', { from, until });
    if (categoryIds) query.andWhere('s.category_id IN (:...categoryIds)', { categoryIds });
    if (boroughIds) query.andWhere('s.borough_id IN (:...boroughIds)', { boroughIds });
    if (withProductOnly) query.andWhere('s.product_id IS NOT NULL');
    return {
      rows: await query.getRawMany<CollaborationCandidate>(),
      entry: (row) => rows.entity(row),
    };
  }

  /** Current entries ending after `after` and on or before `until`: what has a key date near. */
  endingWithin(em: EntityManager, after: string, until: string): Promise<ItSystem[]> {
    return this.current(em)
      .select([
        's.renewalDecision',
        's.id',
        's.boroughId',
        's.categoryId',
        's.supplierId',
        's.productId',
        's.name',
        's.contractEnd',
        's.noticePeriodDays',
        's.maxExtentDate',
      ])
      .andWhere('s.contract_end > :after AND s.contract_end <= :until', { after, until })
      .getMany();
  }
}

/** What a cluster computation reads of each candidate: the properties of CollaborationCandidate. */
const CANDIDATE_COLUMNS: readonly (keyof CollaborationCandidate & keyof ItSystem)[] = [
  'id',
  'boroughId',
  'rank',
  'categoryId',
  'supplierId',
  'productId',
  'contractEnd',
  'maxExtentDate',
  'openToCollaboration',
  'annualValueGbp',
  'renewalDecision',
];

/** Rows for a cluster computation, and the entry of any of them with the columns read. */
export interface Candidates {
  rows: CollaborationCandidate[];
  entry: (row: CollaborationCandidate) => ItSystem;
}

/** The columns to read for the fields wanted: every column unless each field is known. */
function selectedColumns(em: EntityManager, fields: ReadonlySet<string> | undefined): string[] {
  const columns = em.connection.getMetadata(ItSystem).columns.map((c) => c.propertyName);
  if (!fields) return columns;
  const known = new Set(columns);
  const selected = new Set<string>(['id']);
  for (const field of fields) {
    const reads = FIELD_COLUMNS[field] ?? (known.has(field) ? [field] : undefined);
    if (!reads) return columns;
    for (const column of reads) selected.add(column);
  }
  return [...selected];
}
