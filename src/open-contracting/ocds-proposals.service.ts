import { Injectable } from '@nestjs/common';
import { Action, authorise } from '../access/policy';
import { Principal } from '../access/principal';
import { BoroughsRepository } from '../boroughs/boroughs.repository';
import { CategoriesRepository } from '../categories/categories.repository';
import { Database } from '../database/database';
import { LeftOut, Proposal, proposeSystems } from './propose-systems';
import { readOcds } from './read-ocds';

/** Entries proposed from a borough's published notices (DESIGN §7). Nothing is written. */
@Injectable()
export class OcdsProposalsService {
  constructor(
    private readonly db: Database,
    private readonly boroughs: BoroughsRepository,
    private readonly categories: CategoriesRepository,
  ) {}

  /**
   * The borough's own IT contracts in a notices file, largest first, and how many processes were
   * left out and why. `path` names the file in errors (`json.releases.3.ocid`).
   */
  async propose(
    principal: Principal,
    gssCode: string,
    json: string,
    path = 'json',
  ): Promise<{ proposals: Proposal[]; leftOut: LeftOut; processes: number }> {
    authorise(principal, Action.IMPORT, { gssCode });
    const { borough, categories } = await this.db.read(async (em) => ({
      borough: await this.boroughs.requireByGss(em, gssCode),
      categories: await this.categories.all(em),
    }));
    const processes = readOcds(json, path);
    return { ...proposeSystems(processes, borough, categories), processes: processes.length };
  }
}
