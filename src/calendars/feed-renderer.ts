import { Injectable } from '@nestjs/common';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { ClustersService } from '../clusters/clusters.service';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { SystemsService } from '../systems/systems.service';
import { clusterEvents, FeedCluster, FeedEvent, siteOf, systemEvents } from './feed-events';
import { IcsWriter } from './ics-writer';

/** What a feed covers: one borough (its id, GSS code and short name) or every borough. */
export interface FeedScope {
  boroughId: string | null;
  gssCode: string | null;
  /** The borough's short name, or "every borough". */
  name: string;
}

/**
 * The text of a calendar feed, a piece at a time (DESIGN §7, §9): the clusters first, worked out
 * before anything is sent so a failure there is still a clean error, then the current entries a
 * page of boroughs at a time as `SystemsService.eachBoroughPage` reads them, so memory holds one
 * page however large the register, and a slow client holds no database lock.
 */
@Injectable()
export class FeedRenderer {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly systems: SystemsService,
    private readonly clusters: ClustersService,
    private readonly boroughs: BoroughsRepository,
  ) {}

  async render(scope: FeedScope): Promise<AsyncGenerator<string>> {
    const site = siteOf(this.config.PUBLIC_URL);
    const writer = new IcsWriter(`Contract Register: ${scope.name}`, this.clock.now());
    const clusterPart = (await this.clustersInScope(scope)).flatMap((c) => clusterEvents(c, site));
    const systems = this.systems;
    async function* pieces(): AsyncGenerator<string> {
      yield writer.header() + writer.events(clusterPart);
      const filter = scope.gssCode ? { boroughGssCodes: [scope.gssCode] } : {};
      for await (const page of systems.eachBoroughPage(filter)) {
        const events: FeedEvent[] = [];
        for (const entry of page) events.push(...systemEvents(entry, site));
        yield writer.events(events);
      }
      yield writer.footer();
    }
    return pieces();
  }

  /**
   * The clusters of the default `ClusterInput` as of today with a member in scope: computed over
   * every borough, as `expiryClusters` answers, so a borough's feed shows the same clusters.
   */
  private async clustersInScope(scope: FeedScope): Promise<FeedCluster[]> {
    const found = (await this.clusters.find({}, new Set(['name']))).filter(
      (c) => scope.boroughId === null || c.boroughIds.includes(scope.boroughId),
    );
    if (found.length === 0) return [];
    const ids = [...new Set(found.flatMap((c) => c.boroughIds))];
    const names = new Map(
      (await this.db.read((em) => this.boroughs.byIds(em, ids))).map((b) => [b.id, b.shortName]),
    );
    return found.map((c) => ({
      id: c.id,
      key: c.key,
      actionBy: c.actionBy,
      lastChanceBy: c.lastChanceBy,
      leadTimeMonths: c.leadTimeMonths,
      window: c.window,
      members: c.members.map((m) => ({
        boroughName: names.get(m.system!.boroughId) ?? '',
        systemName: m.system!.name,
        contractEnd: m.system!.contractEnd,
      })),
    }));
  }
}
