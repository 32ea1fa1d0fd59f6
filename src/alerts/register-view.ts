import { Injectable } from '@nestjs/common';
import { systemOnPageUrl } from '../boroughs/borough-page';
import { ClustersService } from '../clusters/clusters.service';
import { addDays } from '../common/dates';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { MAX_NOTICE_PERIOD_DAYS } from '../systems/key-date';
import { SystemsRepository } from '../systems/systems.repository';
import { DigestInputs, PlanContract } from './plan-digests';
import { RegisterNames } from './register-names';

/** What the alert run asks of other features: contracts in reach with their names, clusters. */
@Injectable()
export class RegisterView {
  constructor(
    private readonly db: Database,
    private readonly systems: SystemsRepository,
    private readonly names: RegisterNames,
    private readonly clusters: ClustersService,
    private readonly config: AppConfig,
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
    const { contracts, boroughNames } = await this.db.read(async (em) => {
      const names = await this.names.read(em);
      const rows = await this.systems.endingWithin(
        em,
        asOf,
        addDays(asOf, maxLeadDays + MAX_NOTICE_PERIOD_DAYS),
      );
      return {
        contracts: rows.map((s): PlanContract => ({
          id: s.id,
          boroughId: s.boroughId,
          categoryCode: names.categoryCodes.get(s.categoryId)!,
          name: s.name,
          contractEnd: s.contractEnd,
          noticePeriodDays: s.noticePeriodDays,
          maxExtentDate: s.maxExtentDate,
          supplierName: names.supplierNames.get(s.supplierId)!,
          productName: s.productId ? names.productNames.get(s.productId)! : null,
          url: systemOnPageUrl(
            this.config.PUBLIC_URL,
            names.boroughGssCodes.get(s.boroughId)!,
            s.id,
          ),
        })),
        boroughNames: names.boroughShortNames,
      };
    });
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
