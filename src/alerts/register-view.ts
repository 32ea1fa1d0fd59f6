import { Injectable } from '@nestjs/common';
import { boroughPagePath, systemOnPageUrl } from '../boroughs/borough-page';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { ClustersService } from '../clusters/clusters.service';
import { addDays, londonDate } from '../common/dates';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { MAX_NOTICE_PERIOD_DAYS } from '../systems/key-date';
import { SystemsRepository } from '../systems/systems.repository';
import { DigestInputs, PlanContract, PlanList, UNDECIDED_LOOKBACK_DAYS } from './plan-digests';
import { RegisterNames } from './register-names';

/** What the alert run asks of other features: contracts in reach with their names, clusters. */
@Injectable()
export class RegisterView {
  constructor(
    private readonly db: Database,
    private readonly systems: SystemsRepository,
    private readonly boroughs: BoroughsRepository,
    private readonly names: RegisterNames,
    private readonly clusters: ClustersService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Current contracts whose key date can still be ahead of `asOf` and within the longest lead, or
   * passed within UNDECIDED_LOOKBACK_DAYS (for decisions to record); every borough's short name
   * and list freshness; and each cluster as the coordinating team sees it on that day (default
   * options).
   */
  async read(
    asOf: string,
    maxLeadDays: number,
  ): Promise<Pick<DigestInputs, 'contracts' | 'boroughNames' | 'clusters' | 'lists'>> {
    const base = this.config.PUBLIC_URL.replace(/\/+$/, '');
    const { contracts, boroughNames, lists } = await this.db.read(async (em) => {
      const names = await this.names.read(em);
      const rows = await this.systems.endingWithin(
        em,
        addDays(asOf, -UNDECIDED_LOOKBACK_DAYS - 1),
        addDays(asOf, maxLeadDays + MAX_NOTICE_PERIOD_DAYS),
      );
      const lists = (await this.boroughs.confirmations(em)).map((b): PlanList => ({
        boroughId: b.id,
        lastConfirmed: b.lastConfirmedAt ? londonDate(b.lastConfirmedAt) : null,
        url: `${base}${boroughPagePath(names.boroughGssCodes.get(b.id)!)}`,
      }));
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
          renewalDecision: s.renewalDecision,
          url: systemOnPageUrl(
            this.config.PUBLIC_URL,
            names.boroughGssCodes.get(s.boroughId)!,
            s.id,
          ),
        })),
        boroughNames: names.boroughShortNames,
        lists,
      };
    });
    const clusters = (await this.clusters.find({ asOf })).map((cluster) => ({
      key: cluster.key,
      window: cluster.window,
      actionBy: cluster.actionBy,
      boroughIds: cluster.boroughIds,
      systemIds: cluster.members.map((member) => member.systemId),
    }));
    return { contracts, boroughNames, clusters, lists };
  }
}
