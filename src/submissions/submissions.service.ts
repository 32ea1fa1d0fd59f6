import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager, In, IsNull, LessThanOrEqual } from 'typeorm';
import { assertMayChangeBorough, Principal } from '../auth/principal';
import { audit } from '../audit/audit-log';
import { Borough } from '../boroughs/borough.entity';
import { Category } from '../categories/category.entity';
import { Clock } from '../common/clock';
import { DomainError, FieldErrors } from '../common/domain-error';
import { AdvisoryLock, Database } from '../database/database';
import { Product } from '../suppliers/product.entity';
import { Supplier } from '../suppliers/supplier.entity';
import { SupplierResolver } from '../suppliers/supplier-resolver';
import { checkEntry, checkList, tidyEntry } from '../systems/check-entries';
import { ItSystemInput } from '../systems/dto/it-system.input';
import { Hosting } from '../systems/hosting';
import { ItSystem } from '../systems/it-system.entity';
import { matchEntries } from '../systems/match-entries';
import { SystemSnapshot } from './models/system-snapshot.model';
import { Submission } from './submission.entity';

/** The stored fields of an entry, as they will be written. */
type EntryValues = Pick<
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
>;

/** An entry's stored values: what was submitted, with the defaults, and its resolved references. */
export function entryValues(
  entry: Omit<ItSystemInput, 'hosting'> & { hosting?: string | null },
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
    hosting: (entry.hosting as Hosting | null | undefined) ?? Hosting.UNKNOWN,
    routeToMarket: entry.routeToMarket ?? null,
    openToCollaboration: entry.openToCollaboration ?? true,
    notes: entry.notes ?? null,
  };
}

/** An entry of the list being written: its values, its id if it continues one, and display names. */
interface ListEntry {
  id?: string;
  values: EntryValues;
  snapshot: Pick<
    SystemSnapshot,
    'categoryCode' | 'supplierName' | 'supplierCompaniesHouseNumber' | 'productName'
  >;
}

const COMPARED: (keyof EntryValues)[] = [
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
];

/** Which entries a new version added, removed or changed, by name, for the audit trail. */
function changes(previous: Map<string, ItSystem>, snapshot: SystemSnapshot[]) {
  const kept = new Set(snapshot.map((s) => s.id));
  return {
    added: snapshot.filter((s) => !previous.has(s.id)).map((s) => s.name),
    removed: [...previous.values()].filter((s) => !kept.has(s.id)).map((s) => s.name),
    changed: snapshot
      .filter((s) => {
        const before = previous.get(s.id);
        return (
          before !== undefined && before.updatedAt.getTime() !== new Date(s.updatedAt).getTime()
        );
      })
      .map((s) => s.name),
  };
}

export type SubmissionAction = 'submit' | 'upsert' | 'remove' | 'import' | 'seed';

/**
 * Changes to a borough's list (DESIGN §3). Each accepted change replaces the current list inside
 * one transaction and records a numbered version with a snapshot; anything invalid is refused
 * before anything is written. The borough row is the lock: on PostgreSQL it is read FOR UPDATE,
 * on SQLite the Database mutex serialises the whole transaction.
 */
@Injectable()
export class SubmissionsService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async submit(
    principal: Principal,
    gssCode: string,
    systems: ItSystemInput[],
    expectedVersion?: number | null,
    action: SubmissionAction = 'submit',
  ): Promise<Submission> {
    await this.checkAccess(principal, gssCode);
    const entries = systems.map(tidyEntry);
    const errors = new FieldErrors();
    checkList(entries, await this.categoryCodes(), errors);
    errors.throwIfAny();

    return this.db.transaction(async (em) => {
      const borough = await this.lockBorough(em, gssCode, expectedVersion);
      const current = await this.currentEntries(em, borough.id);
      const ids = matchEntries(current, entries);
      const list = await this.resolve(em, entries, 'systems', ids);
      return this.write(em, borough, principal, action, list);
    });
  }

  async upsert(
    principal: Principal,
    gssCode: string,
    system: ItSystemInput,
    expectedVersion?: number | null,
  ): Promise<Submission> {
    await this.checkAccess(principal, gssCode);
    const entry = tidyEntry(system);
    const errors = new FieldErrors();
    checkEntry(entry, 'system', await this.categoryCodes(), errors);
    errors.throwIfAny();

    return this.db.transaction(async (em) => {
      const borough = await this.lockBorough(em, gssCode, expectedVersion);
      const current = await this.currentEntries(em, borough.id);
      const kept = current.filter((s) => s.rank !== entry.rank);
      const reference = entry.contractReference?.toLowerCase();
      const clash = reference && kept.find((s) => s.contractReference?.toLowerCase() === reference);
      if (clash) {
        throw DomainError.badInput([
          {
            path: 'system.contractReference',
            message: `is already used by the entry at rank ${clash.rank}`,
          },
        ]);
      }
      const replaced = current.filter((s) => s.rank === entry.rank);
      const [id] = matchEntries(replaced, [entry]);
      const [added] = await this.resolve(em, [entry], 'system', [id]);
      return this.write(em, borough, principal, 'upsert', [
        ...(await this.asEntries(em, kept)),
        added,
      ]);
    });
  }

  async remove(
    principal: Principal,
    gssCode: string,
    rank: number,
    expectedVersion?: number | null,
  ): Promise<Submission> {
    await this.checkAccess(principal, gssCode);
    if (!Number.isInteger(rank) || rank < 1 || rank > 10) {
      throw DomainError.badInput([
        { path: 'rank', message: 'must be a whole number from 1 to 10' },
      ]);
    }
    return this.db.transaction(async (em) => {
      const borough = await this.lockBorough(em, gssCode, expectedVersion);
      const current = await this.currentEntries(em, borough.id);
      if (!current.some((s) => s.rank === rank)) {
        throw DomainError.notFound(`${borough.shortName} has no entry at rank ${rank}`);
      }
      const kept = current.filter((s) => s.rank !== rank);
      return this.write(em, borough, principal, 'remove', await this.asEntries(em, kept));
    });
  }

  /** Versions of a borough's list, newest first. */
  async history(gssCode: string): Promise<Submission[]> {
    return this.db.read(async (em) => {
      const borough = await em.findOneBy(Borough, { gssCode });
      if (!borough) throw DomainError.notFound(`No borough has GSS code ${gssCode}`);
      return em.find(Submission, { where: { boroughId: borough.id }, order: { version: 'DESC' } });
    });
  }

  /** The version in force at an instant ("what did Camden's list say on 1 March?"), or null before the first. */
  async versionAt(gssCode: string, at: Date): Promise<Submission | null> {
    return this.db.read(async (em) => {
      const borough = await em.findOneBy(Borough, { gssCode });
      if (!borough) throw DomainError.notFound(`No borough has GSS code ${gssCode}`);
      return em.findOne(Submission, {
        where: { boroughId: borough.id, submittedAt: LessThanOrEqual(at) },
        order: { version: 'DESC' },
      });
    });
  }

  private async checkAccess(principal: Principal, gssCode: string): Promise<void> {
    assertMayChangeBorough(principal, gssCode);
    const exists = await this.db.read((em) => em.existsBy(Borough, { gssCode }));
    if (!exists) throw DomainError.notFound(`No borough has GSS code ${gssCode}`);
  }

  private async categoryCodes(): Promise<Set<string>> {
    const categories = await this.db.read((em) => em.find(Category, { select: { code: true } }));
    return new Set(categories.map((c) => c.code));
  }

  private async lockBorough(
    em: EntityManager,
    gssCode: string,
    expectedVersion?: number | null,
  ): Promise<Borough> {
    const query = em.createQueryBuilder(Borough, 'b').where('b.gss_code = :gssCode', { gssCode });
    if (!this.db.isSqlite) query.setLock('pessimistic_write');
    const borough = await query.getOne();
    if (!borough) throw DomainError.notFound(`No borough has GSS code ${gssCode}`);
    // No supplier this list refers to may be merged away before the list is written.
    await this.db.lockUntilCommit(em, AdvisoryLock.SUPPLIER_SET, 'shared');
    if (
      expectedVersion !== undefined &&
      expectedVersion !== null &&
      expectedVersion !== borough.version
    ) {
      throw DomainError.conflict(
        `${borough.shortName}'s list is at version ${borough.version}, not ${expectedVersion}: someone else changed it. Reload it and submit again.`,
        { currentVersion: borough.version },
      );
    }
    return borough;
  }

  private currentEntries(em: EntityManager, boroughId: string): Promise<ItSystem[]> {
    return em.find(ItSystem, { where: { boroughId, retiredAt: IsNull() }, order: { rank: 'ASC' } });
  }

  /** Resolves submitted entries' category, supplier and product to rows, creating new ones. */
  private async resolve(
    em: EntityManager,
    entries: ItSystemInput[],
    prefix: string,
    ids: (string | undefined)[],
  ): Promise<ListEntry[]> {
    const categories = new Map((await em.find(Category)).map((c) => [c.code, c]));
    const resolver = new SupplierResolver(em, () =>
      this.db.lockUntilCommit(em, AdvisoryLock.SUPPLIER_WRITES, 'exclusive'),
    );
    const errors = new FieldErrors();
    const list: ListEntry[] = [];
    for (const [i, entry] of entries.entries()) {
      const path = prefix === 'system' ? prefix : `${prefix}.${i}`;
      const supplier = await resolver.supplier(
        entry.supplierName,
        entry.supplierCompaniesHouseNumber,
      );
      if (!supplier.ok) {
        errors.add(`${path}.${supplier.field}`, supplier.message);
        continue;
      }
      let product: Product | null = null;
      if (entry.productName) {
        let maker: Supplier = supplier.value;
        if (entry.productManufacturerName) {
          const found = await resolver.supplier(entry.productManufacturerName);
          if (!found.ok) throw new Error('a manufacturer named without a number always resolves');
          maker = found.value;
        }
        product = await resolver.product(entry.productName, maker);
      }
      const category = categories.get(entry.categoryCode)!;
      list.push({
        id: ids[i],
        values: entryValues(entry, {
          categoryId: category.id,
          supplierId: supplier.value.id,
          productId: product?.id ?? null,
        }),
        snapshot: {
          categoryCode: category.code,
          supplierName: supplier.value.name,
          supplierCompaniesHouseNumber: supplier.value.companiesHouseNumber,
          productName: product?.name ?? null,
        },
      });
    }
    errors.throwIfAny();
    return list;
  }

  /** Current rows as list entries that keep their ids and values. */
  private async asEntries(em: EntityManager, rows: ItSystem[]): Promise<ListEntry[]> {
    const ids = (pick: (s: ItSystem) => string | null) => [
      ...new Set(rows.map(pick).filter((x) => x !== null)),
    ];
    const categories = new Map(
      (await em.findBy(Category, { id: In(ids((s) => s.categoryId)) })).map((c) => [c.id, c]),
    );
    const suppliers = new Map(
      (await em.findBy(Supplier, { id: In(ids((s) => s.supplierId)) })).map((s) => [s.id, s]),
    );
    const products = new Map(
      (await em.findBy(Product, { id: In(ids((s) => s.productId)) })).map((p) => [p.id, p]),
    );
    return rows.map((row) => {
      const values = {} as EntryValues;
      for (const key of COMPARED) (values as Record<string, unknown>)[key] = row[key];
      const supplier = suppliers.get(row.supplierId)!;
      return {
        id: row.id,
        values,
        snapshot: {
          categoryCode: categories.get(row.categoryId)!.code,
          supplierName: supplier.name,
          supplierCompaniesHouseNumber: supplier.companiesHouseNumber,
          productName: row.productId ? products.get(row.productId)!.name : null,
        },
      };
    });
  }

  /** Replaces the borough's current list with `list` and records the new version. */
  private async write(
    em: EntityManager,
    borough: Borough,
    principal: Principal,
    action: SubmissionAction,
    list: ListEntry[],
  ): Promise<Submission> {
    const now = this.clock.now();
    const previous = new Map((await this.currentEntries(em, borough.id)).map((s) => [s.id, s]));
    // Retire the whole current list first: entries that stay are brought back below with their
    // new ranks, so swapping two ranks never trips the one-entry-per-rank index on the way.
    await em.update(ItSystem, { boroughId: borough.id, retiredAt: IsNull() }, { retiredAt: now });

    const snapshot: SystemSnapshot[] = [];
    for (const entry of [...list].sort((a, b) => a.values.rank - b.values.rank)) {
      const before = entry.id ? previous.get(entry.id) : undefined;
      let id = entry.id;
      let updatedAt = now;
      if (before) {
        const changed = COMPARED.some((key) => before[key] !== entry.values[key]);
        updatedAt = changed ? now : before.updatedAt;
        await em.update(
          ItSystem,
          { id: before.id },
          { ...entry.values, retiredAt: null, updatedAt },
        );
      } else {
        id = randomUUID();
        await em.insert(ItSystem, {
          ...entry.values,
          id,
          boroughId: borough.id,
          createdAt: now,
          updatedAt: now,
          retiredAt: null,
        });
      }
      const { categoryId: _c, supplierId: _s, productId: _p, ...values } = entry.values;
      snapshot.push({ id: id!, ...values, ...entry.snapshot, updatedAt });
    }

    const version = borough.version + 1;
    await em.update(Borough, { id: borough.id }, { version, lastSubmittedAt: now });
    const submission = em.create(Submission, {
      id: randomUUID(),
      boroughId: borough.id,
      version,
      submittedAt: now,
      submittedBy: principal.label,
      apiKeyId: principal.keyId,
      action,
      systems: snapshot,
    });
    await em.insert(Submission, submission);
    await audit(em, principal, now, {
      action: `list.${action}`,
      boroughId: borough.id,
      targetId: submission.id,
      before: { version: borough.version, entries: previous.size },
      after: { version, entries: snapshot.length },
      details: changes(previous, snapshot),
    });
    return submission;
  }
}
