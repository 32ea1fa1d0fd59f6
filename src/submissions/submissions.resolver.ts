import { ListSize } from '../common/query-limits';
import { Args, Int, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { Action } from '../access/policy';
import { Principal } from '../access/principal';
import { Requires } from '../access/requires.decorator';
import { Borough } from '../boroughs/borough.entity';
import { BOROUGH } from '../boroughs/boroughs.repository';
import { RequestContext } from '../common/request-context';
import type { Loaded } from '../common/loaders';
import { ItSystemInput } from '../systems/dto/it-system.input';
import { EXPECTED_VERSION, RemoveSystemArgs } from './dto/remove-system.args';
import { DEFAULT_HISTORY_LIMIT, SubmissionsArgs } from './dto/submissions.args';
import { HistoryService } from './history.service';
import { Submission } from './submission.entity';
import { SubmissionsService } from './submissions.service';

@Resolver(() => Submission)
export class SubmissionsResolver {
  constructor(
    private readonly service: SubmissionsService,
    private readonly history: HistoryService,
  ) {}

  @ListSize(DEFAULT_HISTORY_LIMIT)
  @Query(() => [Submission], {
    description:
      "Versions of a borough's list, newest first; `limit` and `offset` page through them.",
  })
  submissions(@Args() args: SubmissionsArgs): Promise<Submission[]> {
    return this.history.history(args);
  }

  @Query(() => Submission, {
    nullable: true,
    description:
      "The version of a borough's list in force at an instant (null before its first submission).",
  })
  submissionAt(
    @Args('gssCode') gssCode: string,
    @Args('at', { type: () => Date }) at: Date,
  ): Promise<Submission | null> {
    return this.history.versionAt(gssCode, at);
  }

  @Requires(Action.CHANGE_LIST)
  @Mutation(() => Submission, {
    description: "Replaces a borough's list with 1 to 10 entries, all or nothing.",
  })
  submitTopSystems(
    @CurrentPrincipal() principal: Principal,
    @Args('gssCode') gssCode: string,
    @Args('systems', { type: () => [ItSystemInput] }) systems: ItSystemInput[],
    @Args('expectedVersion', EXPECTED_VERSION) expectedVersion?: number,
  ): Promise<Submission> {
    return this.service.submit(principal, gssCode, systems, expectedVersion);
  }

  @Requires(Action.CHANGE_LIST)
  @Mutation(() => Submission, {
    description: 'Puts one entry at its rank, replacing the entry there.',
  })
  upsertSystem(
    @CurrentPrincipal() principal: Principal,
    @Args('gssCode') gssCode: string,
    @Args('system', { type: () => ItSystemInput }) system: ItSystemInput,
    @Args('expectedVersion', EXPECTED_VERSION) expectedVersion?: number,
  ): Promise<Submission> {
    return this.service.upsert(principal, gssCode, system, expectedVersion);
  }

  @Requires(Action.CHANGE_LIST)
  @Mutation(() => Submission, { description: 'Removes the entry at a rank.' })
  removeSystem(
    @CurrentPrincipal() principal: Principal,
    @Args() { gssCode, rank, expectedVersion }: RemoveSystemArgs,
  ): Promise<Submission> {
    return this.service.remove(principal, gssCode, rank, expectedVersion);
  }

  @Requires(Action.IMPORT)
  @Mutation(() => Borough, {
    description:
      "Records that a borough's list is still correct at the version just read: lastConfirmedAt moves, no new version is written. CONFLICT when the list has changed since.",
  })
  confirmTopSystems(
    @CurrentPrincipal() principal: Principal,
    @Args('gssCode') gssCode: string,
    @Args('expectedVersion', { type: () => Int }) expectedVersion: number,
  ): Promise<Borough> {
    return this.service.confirm(principal, gssCode, expectedVersion);
  }

  @ResolveField(() => Borough)
  borough(submission: Submission, _args: unknown, ctx: RequestContext): Loaded<Borough> {
    return ctx.loaders.loadOrFail(BOROUGH, submission.boroughId);
  }
}
