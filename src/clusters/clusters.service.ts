import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { addMonths } from '../common/dates';
import { FieldErrors } from '../common/domain-error';
import { checkInput } from '../common/validation';
import { unknownGssCode } from '../boroughs/borough-codes';
import { unknownCategoryCode } from '../categories/category-codes';
import { Database } from '../database/database';
import { ItSystem } from '../systems/it-system.entity';
import { Candidates, SystemsRepository } from '../systems/systems.repository';
import { ClusterGrouping } from './cluster-grouping';
import { ClusterReferences } from './cluster-references';
import { ClusterInput } from './dto/cluster.input';
import {
  Cluster,
  ClusterOptions,
  ClusterNames,
  ClusterRow,
  DEFAULT_CLUSTER_OPTIONS,
  findClusters,
} from './find-clusters';
import { ExpiryCluster } from './models/expiry-cluster.model';

interface Query {
  asOf: string;
  options: ClusterOptions;
  /** Null: every category. */
  categoryIds: string[] | null;
  /** Null: every borough. */
  boroughIds: string[] | null;
}

/** Joint procurement opportunities (DESIGN §4): validates the input, reads, calls findClusters. */
@Injectable()
export class ClustersService {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly systems: SystemsRepository,
    private readonly references: ClusterReferences,
  ) {}

  /**
   * The clusters for this input. Given `entryFields` (the GraphQL fields of `ItSystem` a query
   * asks of each member's system), each member carries its entry, read with the computation's rows.
   */
  async find(
    given: ClusterInput = {},
    entryFields?: ReadonlySet<string>,
  ): Promise<ExpiryCluster[]> {
    const errors = new FieldErrors();
    const input = checkInput(ClusterInput, given, 'input', errors);
    errors.throwIfAny();
    // The codes, the rows and their names in one read: one state of the register.
    const found = await this.db.read(async (em) => {
      const query = await this.validate(em, input, errors);
      // An empty list of codes lets nothing take part, as in the systems filter.
      if (query.categoryIds?.length === 0 || query.boroughIds?.length === 0) return null;
      return { query, ...(await this.eligibleSystems(em, query, entryFields)) };
    });
    if (!found) return [];
    const { query, candidates, names } = found;
    const entry = entryFields ? candidates.entry : undefined;
    return findClusters(candidates.rows, query.options, query.asOf, names).map((cluster) =>
      toModel(cluster, entry),
    );
  }

  private async validate(
    em: EntityManager,
    input: ClusterInput,
    errors: FieldErrors,
  ): Promise<Query> {
    const known = await this.references.knownCodes(
      em,
      input.categoryCodes ?? [],
      input.boroughGssCodes ?? [],
    );
    input.categoryCodes?.forEach((code, i) => {
      if (!known.categories.has(code))
        errors.add(`input.categoryCodes.${i}`, unknownCategoryCode(code));
    });
    input.boroughGssCodes?.forEach((code, i) => {
      if (!known.boroughs.has(code)) errors.add(`input.boroughGssCodes.${i}`, unknownGssCode(code));
    });
    errors.throwIfAny();

    const d = DEFAULT_CLUSTER_OPTIONS;
    return {
      asOf: input.asOf ?? this.clock.today(),
      options: {
        horizonMonths: input.horizonMonths ?? d.horizonMonths,
        maxSpreadMonths: input.maxSpreadMonths ?? d.maxSpreadMonths,
        minBoroughs: input.minBoroughs ?? d.minBoroughs,
        groupBy: input.groupBy ?? d.groupBy,
        useExtensions: input.useExtensions ?? d.useExtensions,
        leadTimeMonths: input.leadTimeMonths ?? null,
      },
      categoryIds: input.categoryCodes?.map((code) => known.categories.get(code)!) ?? null,
      boroughIds: input.boroughGssCodes?.map((code) => known.boroughs.get(code)!) ?? null,
    };
  }

  /**
   * Only the rows that can take part, and only the columns the computation reads. The rows go to
   * findClusters as they come; names come from the small tables in one statement each, not a
   * join per row, and are looked up only for systems in a cluster.
   */
  private async eligibleSystems(
    em: EntityManager,
    { asOf, options, categoryIds, boroughIds }: Query,
    entryFields: ReadonlySet<string> | undefined,
  ): Promise<{ candidates: Candidates; names: ClusterNames }> {
    // Names first: reading them while tens of thousands of rows are alive would copy those
    // rows in every young-generation collection the reading triggers.
    const names = await this.references.names(em);
    const candidates = await this.systems.collaborationCandidates(
      em,
      {
        from: asOf,
        until: addMonths(asOf, options.horizonMonths),
        categoryIds,
        boroughIds,
        withProductOnly: options.groupBy === ClusterGrouping.PRODUCT,
      },
      entryFields,
    );
    return { candidates, names };
  }
}

function toModel(cluster: Cluster, entry?: (row: ClusterRow) => ItSystem): ExpiryCluster {
  return {
    id: cluster.id,
    groupBy: cluster.groupBy,
    key: cluster.key,
    members: cluster.members.map((member) => ({
      systemId: member.systemId,
      alignedEnd: member.alignedEnd,
      needsExtension: member.needsExtension,
      renewalDecision: member.system.renewalDecision,
      system: entry?.(member.system),
    })),
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
    lastChanceBy: cluster.lastChanceBy,
    tooLate: cluster.tooLate,
    suppliers: cluster.suppliers.map((s) => ({ supplierId: s.id, count: s.count })),
    products: cluster.products.map((p) => ({ productId: p.id, count: p.count })),
    decisions: cluster.decisions,
  };
}
