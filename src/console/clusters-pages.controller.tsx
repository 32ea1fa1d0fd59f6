import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BoroughsService } from '../boroughs/boroughs.service';
import { CategoriesService } from '../categories/categories.service';
import { clusterCalendar } from '../calendars/cluster-calendar';
import { Clock } from '../common/clock';
import type { FieldError } from '../common/domain-error';
import { ClustersService } from '../clusters/clusters.service';
import type { ExpiryCluster } from '../clusters/models/expiry-cluster.model';
import { AppConfig } from '../config/config';
import { clusterInputOf, QueryString } from '../spreadsheets/export-queries';
import { SystemsService } from '../systems/systems.service';
import { ConsoleAccess } from './console-access';
import { filtersOf, formProblems, pageNumber, queryString } from './page-query';
import { sendPage } from './render';
import { ClusterForm } from './views/cluster-form';
import {
  ClusterFacts,
  NamedCluster,
  Status,
  Timeline,
  TIMELINE_LANES,
} from './views/cluster-views';
import { DateText } from './views/dates';
import { DECISION_LABEL, readableMoney } from './views/format';
import { RenewalDecision } from '../systems/renewal-decision';
import { ErrorSummary, Layout, Viewer } from './views/layout';

/** Clusters shown on one page, each with its timeline: a page renders in a few milliseconds. */
export const CLUSTERS_PER_PAGE = 5;

/** What the pages read of each member's entry, beside what the computation reads. */
const ENTRY_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'boroughId',
  'categoryId',
  'supplierId',
  'productId',
  'contractEnd',
  'maxExtentDate',
  'noticePeriodDays',
  'annualValueGbp',
]);

/** `/clusters` and `/clusters/<id>` (DESIGN §10): the opportunities, most urgent first. */
@Controller('clusters')
export class ClustersPagesController {
  constructor(
    private readonly access: ConsoleAccess,
    private readonly clusters: ClustersService,
    private readonly systems: SystemsService,
    private readonly categories: CategoriesService,
    private readonly boroughs: BoroughsService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async list(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query() query: QueryString,
  ): Promise<void> {
    const viewer = await this.access.requireViewer(req, reply);
    if (!viewer) return;
    const filters = filtersOf(query, ['page']);
    const { clusters, problems } = await this.find(filters);
    const pages = Math.max(1, Math.ceil(clusters.length / CLUSTERS_PER_PAGE));
    const page = Math.min(pageNumber(query.page), pages);
    // A card draws its timeline's lanes and no more: only those members are named.
    const shown = await this.named(
      clusters.slice((page - 1) * CLUSTERS_PER_PAGE, page * CLUSTERS_PER_PAGE),
      TIMELINE_LANES,
    );
    const [categories, boroughs] = await Promise.all([this.categories.all(), this.boroughs.all()]);
    const today = this.asOf(filters);
    const urgent = clusters.filter((c) => c.urgent && !c.tooLate).length;
    await sendPage(
      reply,
      <Layout title="Opportunities to buy together" path="/clusters" viewer={viewer}>
        <ErrorSummary problems={problems} />
        <ClusterForm query={filters} categories={categories} boroughs={boroughs} asOf={today} />
        <p>
          {clusters.length === 0
            ? 'No boroughs can buy together with these filters.'
            : `${clusters.length} opportunities, most urgent first; ${urgent} need action now.`}
        </p>
        {clusters.length > 0 && (
          <p class="downloads">
            <a class="button secondary" href={`/exports/clusters.csv${queryString(filters)}`}>
              Download these opportunities (CSV)
            </a>
          </p>
        )}
        <ol class="cards" start={(page - 1) * CLUSTERS_PER_PAGE + 1}>
          {shown.map((named) => (
            <li class="card" key={named.cluster.id}>
              <h2>
                <a href={`/clusters/${named.cluster.id}${queryString(filters)}`}>
                  {named.cluster.key}
                </a>{' '}
                <Status cluster={named.cluster} />
              </h2>
              <ClusterFacts cluster={named.cluster} />
              <Timeline named={named} today={today} />
            </li>
          ))}
        </ol>
        <Pager page={page} pages={pages} filters={filters} />
      </Layout>,
      problems.length ? 400 : 200,
    );
  }

  @Get(':id')
  async one(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
    @Query() query: QueryString,
  ): Promise<void> {
    const viewer = await this.access.requireViewer(req, reply);
    if (!viewer) return;
    const filters = filtersOf(query, ['page']);
    const named = await this.findOne(reply, viewer, id, filters);
    if (!named) return;
    await sendPage(
      reply,
      <ClusterPage named={named} viewer={viewer} filters={filters} today={this.asOf(filters)} />,
    );
  }

  /** The opportunity as a calendar file: its deadlines and its members' contract dates. */
  @Get(':id/calendar.ics')
  async calendar(
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
    @Param('id') id: string,
    @Query() query: QueryString,
  ): Promise<void> {
    const viewer = await this.access.requireViewer(req, reply);
    if (!viewer) return;
    const named = await this.findOne(reply, viewer, id, filtersOf(query, ['page']));
    if (!named) return;
    const { cluster, members } = named;
    const text = clusterCalendar(
      {
        ...cluster,
        members: members.map(({ entry }) => ({
          boroughName: entry.borough.shortName,
          systemName: entry.system.name,
          contractEnd: entry.system.contractEnd,
        })),
      },
      members.map((m) => m.entry),
      this.config.PUBLIC_URL,
      this.clock.now(),
    );
    await reply
      .status(200)
      .type('text/calendar; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${calendarFileName(cluster.key)}"`)
      .header('Cache-Control', 'private, no-store')
      .send(text);
  }

  /** The named opportunity with this id under these filters, or a page saying it is not there. */
  private async findOne(
    reply: FastifyReply,
    viewer: Viewer,
    id: string,
    filters: QueryString,
  ): Promise<NamedCluster | null> {
    const { clusters, problems } = await this.find(filters);
    const found = clusters.find((c) => c.id === id);
    if (found) return (await this.named([found]))[0];
    await sendPage(
      reply,
      <Layout title="Opportunity not found" path="/clusters" viewer={viewer}>
        <ErrorSummary problems={problems} />
        <p class="lead">
          No opportunity has this id with these filters: the lists may have changed since the link
          was made. <a href={`/clusters${queryString(filters)}`}>See the opportunities</a>.
        </p>
      </Layout>,
      problems.length ? 400 : 404,
    );
    return null;
  }

  private asOf(filters: QueryString): string {
    return typeof filters.asOf === 'string' ? filters.asOf : this.clock.today();
  }

  /** The clusters for a form's filters, or the problems with the filters, each naming its field. */
  private async find(
    filters: QueryString,
  ): Promise<{ clusters: ExpiryCluster[]; problems: FieldError[] }> {
    try {
      return {
        clusters: await this.clusters.find(clusterInputOf(filters), ENTRY_FIELDS),
        problems: [],
      };
    } catch (error) {
      return { clusters: [], problems: formProblems(error, 'clusters') };
    }
  }

  /** The clusters with their members named: every member, or the first `lanes` of each. */
  private async named(clusters: ExpiryCluster[], lanes = Infinity): Promise<NamedCluster[]> {
    const members = (c: ExpiryCluster) => c.members.slice(0, lanes);
    const entries = await this.systems.withNames(
      clusters.flatMap((c) => members(c).map((m) => m.system!)),
    );
    const byId = new Map(entries.map((e) => [e.system.id, e]));
    return clusters.map((cluster) => ({
      cluster,
      members: members(cluster).map((m) => ({
        entry: byId.get(m.systemId)!,
        alignedEnd: m.alignedEnd,
        needsExtension: m.needsExtension,
        renewalDecision: m.renewalDecision,
      })),
    }));
  }
}

function Pager({ page, pages, filters }: { page: number; pages: number; filters: QueryString }) {
  if (pages <= 1) return null;
  const link = (n: number) => `/clusters${queryString(filters, { page: String(n) })}`;
  return (
    <nav class="pager" aria-label="Pages of opportunities">
      {page > 1 && <a href={link(page - 1)}>Previous</a>}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && <a href={link(page + 1)}>Next</a>}
    </nav>
  );
}

function ClusterPage({
  named,
  viewer,
  filters,
  today,
}: {
  named: NamedCluster;
  viewer: Viewer;
  filters: QueryString;
  today: string;
}) {
  const { cluster, members } = named;
  const convene = [
    ...new Map(members.map((m) => [m.entry.borough.id, m.entry.borough])).values(),
  ].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <Layout title={cluster.key} path="/clusters" viewer={viewer}>
      <p>
        <Status cluster={cluster} />{' '}
        <a href={`/clusters${queryString(filters)}`}>All opportunities</a>
      </p>
      <ClusterFacts cluster={cluster} />
      <Timeline named={named} today={today} />
      <h2>Who to convene</h2>
      <ul>
        {convene.map((b) => (
          <li key={b.id}>
            <a href={`/boroughs/${b.gssCode}`}>{b.name}</a>
          </li>
        ))}
      </ul>
      <h2>Members</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Borough</th>
              <th scope="col">System</th>
              <th scope="col">Supplier</th>
              <th scope="col">Product</th>
              <th scope="col">Contract ends</th>
              <th scope="col">Furthest extension</th>
              <th scope="col">Aligned end</th>
              <th scope="col">Needs extension</th>
              <th scope="col" class="num">
                Annual value
              </th>
              <th scope="col">Decision</th>
            </tr>
          </thead>
          <tbody>
            {members.map(({ entry, alignedEnd, needsExtension, renewalDecision }) => (
              // A member whose borough has decided is shown greyed: it may not join.
              <tr
                key={entry.system.id}
                class={renewalDecision === RenewalDecision.UNDECIDED ? undefined : 'decided'}
              >
                <td>
                  <a href={`/boroughs/${entry.borough.gssCode}#system-${entry.system.id}`}>
                    {entry.borough.shortName}
                  </a>
                </td>
                <td>{entry.system.name}</td>
                <td>
                  <a href={`/suppliers/${entry.supplier.id}`}>{entry.supplier.name}</a>
                </td>
                <td>
                  {entry.product ? (
                    <a href={`/products/${entry.product.id}`}>{entry.product.name}</a>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  <DateText date={entry.system.contractEnd} />
                </td>
                <td>
                  <DateText date={entry.system.maxExtentDate} />
                </td>
                <td>
                  <DateText date={alignedEnd} />
                </td>
                <td>{needsExtension ? 'Yes' : 'No'}</td>
                <td class="num">{readableMoney(entry.system.annualValueGbp)}</td>
                <td>{DECISION_LABEL[renewalDecision]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>Downloads</h2>
      <p class="downloads">
        <a class="button secondary" href={`/exports/clusters.csv${queryString(filters)}`}>
          Opportunities with these filters (CSV)
        </a>
        <a
          class="button secondary"
          href={`/clusters/${encodeURIComponent(cluster.id)}/calendar.ics${queryString(filters)}`}
        >
          This opportunity's dates (calendar)
        </a>
      </p>
    </Layout>
  );
}

/** A file name from the cluster's key, in the characters every system accepts. */
const calendarFileName = (key: string): string =>
  `contract-register-${key
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}.ics`;
