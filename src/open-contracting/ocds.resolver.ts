import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { Action } from '../access/policy';
import { Principal } from '../access/principal';
import { Requires } from '../access/requires.decorator';
import { ProposedSystem } from './models/proposed-system.model';
import { OcdsProposalsService } from './ocds-proposals.service';

@Resolver(() => ProposedSystem)
export class OcdsResolver {
  constructor(private readonly proposals: OcdsProposalsService) {}

  @Requires(Action.IMPORT)
  @Query(() => [ProposedSystem], {
    description:
      "Entries proposed from the borough's published contract notices (a release package, record package or list of releases, up to 10 MB): its own IT contracts, largest value first. Writes nothing.",
  })
  async proposeSystemsFromOcds(
    @CurrentPrincipal() principal: Principal,
    @Args('gssCode') gssCode: string,
    @Args('json', {
      description: "The notices file's text, as Find a Tender or Contracts Finder give it.",
    })
    json: string,
  ): Promise<ProposedSystem[]> {
    return (await this.proposals.propose(principal, gssCode, json)).proposals;
  }
}
