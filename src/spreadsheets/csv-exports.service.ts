import { Injectable } from '@nestjs/common';
import { Action, authorise, can } from '../access/policy';
import { Principal } from '../access/principal';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { ClustersService } from '../clusters/clusters.service';
import { ClusterInput } from '../clusters/dto/cluster.input';
import { ExpiryCluster } from '../clusters/models/expiry-cluster.model';
import { Database } from '../database/database';
import { Download } from '../http/download';
import { SystemFilter } from '../systems/dto/system-filter.input';
import { ENTRIES_PER_READ, NamedEntry, SystemsService } from '../systems/systems.service';
import { Cell, csvDownload } from './csv-download';
import { inQueryTerms } from './export-queries';
import { LIST_HEADER, listRow } from './list-csv';

const CSV = 'text/csv; charset=utf-8';

/** The register's columns: the borough, then the list's own columns, then what the register adds. */
const SYSTEMS_HEADER = [
  'borough',
  'borough_gss_code',
  ...LIST_HEADER,
  'notice_deadline',
  'system_id',
  'updated_at',
];
const systemsRow = (entry: NamedEntry): Cell[] => [
  entry.borough.name,
  entry.borough.gssCode,
  ...listRow(entry),
  entry.system.noticeDeadline,
  entry.system.id,
  entry.system.updatedAt.toISOString(),
];

const CLUSTERS_HEADER = [
  'cluster_id',
  'group_by',
  'key',
  'boroughs',
  'window_start',
  'window_end',
  'action_by',
  'last_chance_by',
  'too_late',
  'combined_annual_value_gbp',
  'borough',
  'borough_gss_code',
  'system_id',
  'system',
  'category',
  'supplier',
  'product',
  'contract_end',
  'max_extent_date',
  'notice_deadline',
  'aligned_end',
  'needs_extension',
  'annual_value_gbp',
  'renewal_decision',
  'decision_note',
];

/** What a cluster's members must be read with for their rows. */
const MEMBER_FIELDS = new Set([
  'name',
  'boroughId',
  'categoryId',
  'supplierId',
  'productId',
  'contractEnd',
  'maxExtentDate',
  'noticePeriodDays',
  'annualValueGbp',
  'renewalDecision',
  'decisionNote',
]);

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const yesOrNo = (value: boolean) => (value ? 'yes' : 'no');

/** Spreadsheets out (DESIGN §7): the template, a borough's list, the register, the clusters. */
@Injectable()
export class CsvExportsService {
  constructor(
    private readonly db: Database,
    private readonly boroughs: BoroughsRepository,
    private readonly systems: SystemsService,
    private readonly clusters: ClustersService,
  ) {}

  /** The header row a borough starts its list from. */
  template(): Download {
    return { filename: 'top-systems.csv', type: CSV, body: csvDownload(LIST_HEADER, []) };
  }

  /** A borough's current list in exactly the import format, by rank. */
  async boroughList(principal: Principal, gssCode: string): Promise<Download> {
    authorise(principal, Action.EXPORT, { gssCode });
    const borough = await this.db.read((em) => this.boroughs.requireByGss(em, gssCode));
    const pages = this.systems.eachBoroughPage({ boroughGssCodes: [gssCode] });
    return {
      filename: `${slug(borough.shortName)}-top-systems.csv`,
      type: CSV,
      body: csvDownload(LIST_HEADER, rowsOf(pages, listRow)),
    };
  }

  /**
   * Every current system that passes the filter, by borough name and rank. A borough lead
   * exports its own borough: without a borough named, that is what it gets.
   */
  async systemsFile(principal: Principal, given: SystemFilter): Promise<Download> {
    const filter: SystemFilter = { ...given };
    if (!filter.boroughGssCodes && !can(principal, Action.EXPORT, { gssCode: null })) {
      filter.boroughGssCodes = principal.boroughGssCode ? [principal.boroughGssCode] : [];
    }
    for (const gssCode of filter.boroughGssCodes ?? [null]) {
      authorise(principal, Action.EXPORT, { gssCode });
    }
    try {
      this.systems.checkFilter(filter, '');
    } catch (error) {
      throw inQueryTerms(error, 'systems');
    }
    const pages = this.systems.eachBoroughPage(filter);
    return {
      filename: 'systems.csv',
      type: CSV,
      body: csvDownload(SYSTEMS_HEADER, rowsOf(pages, systemsRow)),
    };
  }

  /**
   * One row per cluster member, clusters most urgent first. A borough lead exports the clusters
   * its borough is in, with all their members: what it can read of them anyway.
   */
  async clustersFile(principal: Principal, input: ClusterInput): Promise<Download> {
    const scope = can(principal, Action.EXPORT, { gssCode: null })
      ? null
      : principal.boroughGssCode;
    authorise(principal, Action.EXPORT, { gssCode: scope });
    let clusters: ExpiryCluster[];
    try {
      clusters = await this.clusters.find(input, MEMBER_FIELDS);
    } catch (error) {
      throw inQueryTerms(error, 'clusters');
    }
    const systems = this.systems;
    const scopeId = scope
      ? (await this.db.read((em) => this.boroughs.requireByGss(em, scope))).id
      : null;
    const inScope = clusters.filter((c) => !scopeId || c.boroughIds.includes(scopeId));
    async function* rows(): AsyncGenerator<Cell[]> {
      // Members' names are read for a few clusters at a time, about a page of entries.
      for (const batch of batches(inScope, ENTRIES_PER_READ)) {
        const named = await systems.withNames(
          batch.flatMap((c) => c.members.map((m) => m.system!)),
        );
        let at = 0;
        for (const cluster of batch) {
          const members = named.slice(at, (at += cluster.members.length));
          const boroughs = [...new Set(members.map((n) => n.borough.name))].sort();
          for (const [i, member] of cluster.members.entries()) {
            const entry = members[i];
            yield [
              cluster.id,
              cluster.groupBy,
              cluster.key,
              boroughs.join('; '),
              cluster.window.start,
              cluster.window.end,
              cluster.actionBy,
              cluster.lastChanceBy,
              yesOrNo(cluster.tooLate),
              cluster.combinedAnnualValueGbp,
              entry.borough.name,
              entry.borough.gssCode,
              entry.system.id,
              entry.system.name,
              entry.category.name,
              entry.supplier.name,
              entry.product?.name ?? null,
              entry.system.contractEnd,
              entry.system.maxExtentDate,
              entry.system.noticeDeadline,
              member.alignedEnd,
              yesOrNo(member.needsExtension),
              entry.system.annualValueGbp,
              entry.system.renewalDecision,
              entry.system.decisionNote,
            ];
          }
        }
      }
    }
    return { filename: 'clusters.csv', type: CSV, body: csvDownload(CLUSTERS_HEADER, rows()) };
  }
}

async function* rowsOf(
  pages: AsyncIterable<NamedEntry[]>,
  row: (entry: NamedEntry) => Cell[],
): AsyncGenerator<Cell[]> {
  for await (const page of pages) for (const entry of page) yield row(entry);
}

/** Clusters in runs of at least `members` members (or what is left). */
function* batches(clusters: readonly ExpiryCluster[], members: number): Generator<ExpiryCluster[]> {
  let batch: ExpiryCluster[] = [];
  let count = 0;
  for (const cluster of clusters) {
    batch.push(cluster);
    count += cluster.members.length;
    if (count >= members) {
      yield batch;
      batch = [];
      count = 0;
    }
  }
  if (batch.length) yield batch;
}
