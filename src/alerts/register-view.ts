import { Injectable } from '@nestjs/common';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { ClustersService } from '../clusters/clusters.service';
import { addDays } from '../common/dates';
import { Database } from '../database/database';
import { MAX_NOTICE_PERIOD_DAYS } from '../systems/key-date';
import { SystemsRepository } from '../systems/systems.repository';
import { DigestInputs } from './plan-digests';

/** What the alert run asks of other features: contracts in reach, borough names, clusters. */
@Injectable()
export class RegisterView {
  constructor(
    private readonly db: Database,
    private readonly systems: SystemsRepository,
    private readonly boroughs: BoroughsRepository,
    private readonly clusters: ClustersService,
  ) {}

  /**
   * Current contracts whose key date can still be ahead of `asOf` and within the longest lead,
   * every borough's short name, and each cluster as the coordinating team sees it on that day
   * (default options).
   */
  async read(
    asOf: string,
    maxLeadDays: number,
  ): Promise<Pick<DigestInputs, 'contracts' | 'boroughNames' | 'clusters'>> {
    const { contracts, boroughNames } = await this.db.read(async (em) => ({
      contracts: await this.systems.endingWithin(
        em,
        asOf,
        addDays(asOf, maxLeadDays + MAX_NOTICE_PERIOD_DAYS),
      ),
      boroughNames: new Map((await this.boroughs.names(em)).map((b) => [b.id, b.shortName])),
    }));
    const clusters = (await this.clusters.find({ asOf })).map((cluster) => ({
      key: cluster.key,
      window: cluster.window,
      actionBy: cluster.actionBy,
      boroughIds: cluster.boroughIds,
      systemIds: cluster.members.map((member) => member.systemId),
    }));
    return { contracts, boroughNames, clusters };
  }
}
