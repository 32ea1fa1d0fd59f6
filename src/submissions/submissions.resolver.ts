import {
  Args,
  Context,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { Role } from '../auth/api-key.entity';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { Borough } from '../boroughs/borough.entity';
import { RequestContext } from '../common/request-context';
import { ItSystemInput } from '../systems/dto/it-system.input';
import { Submission } from './submission.entity';
import { SubmissionsService } from './submissions.service';

const expectedVersionArg = {
  type: () => Int,
  nullable: true,
  description: "The list's current version as you last read it; CONFLICT if it has moved on.",
} as const;

@Resolver(() => Submission)
export class SubmissionsResolver {
  constructor(private readonly service: SubmissionsService) {}

  @Query(() => [Submission], { description: "Versions of a borough's list, newest first." })
  submissions(@Args('gssCode') gssCode: string): Promise<Submission[]> {
    return this.service.history(gssCode);
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
    return this.service.versionAt(gssCode, at);
  }

  @Roles(Role.ADMIN, Role.BOROUGH_LEAD)
  @Mutation(() => Submission, {
    description: "Replaces a borough's list with 1 to 10 entries, all or nothing.",
  })
  submitTopSystems(
    @CurrentPrincipal() principal: Principal,
    @Args('gssCode') gssCode: string,
    @Args('systems', { type: () => [ItSystemInput] }) systems: ItSystemInput[],
    @Args('expectedVersion', expectedVersionArg) expectedVersion?: number,
  ): Promise<Submission> {
    return this.service.submit(principal, gssCode, systems, expectedVersion);
  }

  @Roles(Role.ADMIN, Role.BOROUGH_LEAD)
  @Mutation(() => Submission, {
    description: 'Puts one entry at its rank, replacing the entry there.',
  })
  upsertSystem(
    @CurrentPrincipal() principal: Principal,
    @Args('gssCode') gssCode: string,
    @Args('system', { type: () => ItSystemInput }) system: ItSystemInput,
    @Args('expectedVersion', expectedVersionArg) expectedVersion?: number,
  ): Promise<Submission> {
    return this.service.upsert(principal, gssCode, system, expectedVersion);
  }

  @Roles(Role.ADMIN, Role.BOROUGH_LEAD)
  @Mutation(() => Submission, { description: 'Removes the entry at a rank.' })
  removeSystem(
    @CurrentPrincipal() principal: Principal,
    @Args('gssCode') gssCode: string,
    @Args('rank', { type: () => Int }) rank: number,
    @Args('expectedVersion', expectedVersionArg) expectedVersion?: number,
  ): Promise<Submission> {
    return this.service.remove(principal, gssCode, rank, expectedVersion);
  }

  @ResolveField(() => Borough)
  async borough(
    @Parent() submission: Submission,
    @Context() ctx: RequestContext,
  ): Promise<Borough> {
    const borough = await ctx.loaders.borough.load(submission.boroughId);
    if (!borough) throw new Error('Missing borough');
    return borough;
  }
}
