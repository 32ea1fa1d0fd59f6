import { ListSize } from '../common/query-limits';
import { Args, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { Action } from '../access/policy';
import { Principal } from '../access/principal';
import { Requires } from '../access/requires.decorator';
import { Borough } from '../boroughs/borough.entity';
import { BOROUGH } from '../boroughs/boroughs.repository';
import { RequestContext } from '../common/request-context';
import { AlertSubscription } from './alert-subscription.entity';
import { AlertSubscriptionsService } from './alert-subscriptions.service';
import { AlertSubscriptionInput } from './dto/alert-subscription.input';

@Resolver(() => AlertSubscription)
export class AlertSubscriptionsResolver {
  constructor(private readonly service: AlertSubscriptionsService) {}

  @ListSize(100)
  @Requires(Action.MANAGE_SUBSCRIPTIONS)
  @Query(() => [AlertSubscription], {
    description:
      "Alert subscriptions: all of them for admins and coordinators, a borough lead's own.",
  })
  alertSubscriptions(@CurrentPrincipal() principal: Principal): Promise<AlertSubscription[]> {
    return this.service.list(principal);
  }

  @Requires(Action.MANAGE_SUBSCRIPTIONS)
  @Mutation(() => AlertSubscription)
  createAlertSubscription(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => AlertSubscriptionInput }) input: AlertSubscriptionInput,
  ): Promise<AlertSubscription> {
    return this.service.create(principal, input);
  }

  @Requires(Action.MANAGE_SUBSCRIPTIONS)
  @Mutation(() => AlertSubscription, { description: 'What was already sent stays sent.' })
  updateAlertSubscription(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => AlertSubscriptionInput }) input: AlertSubscriptionInput,
  ): Promise<AlertSubscription> {
    return this.service.update(principal, id, input);
  }

  @Requires(Action.MANAGE_SUBSCRIPTIONS)
  @Mutation(() => Boolean, {
    description: 'Deletes a subscription and cancels its pending emails.',
  })
  deleteAlertSubscription(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.service.delete(principal, id);
  }

  @ResolveField(() => String, { nullable: true, description: 'Null: every borough.' })
  async gssCode(
    subscription: AlertSubscription,
    _args: unknown,
    ctx: RequestContext,
  ): Promise<string | null> {
    // Nullable: null for every borough, and for a borough the register no longer has.
    return subscription.boroughId
      ? ((await ctx.loaders.load(BOROUGH, subscription.boroughId))?.gssCode ?? null)
      : null;
  }

  @ResolveField(() => Borough, { nullable: true })
  async borough(
    subscription: AlertSubscription,
    _args: unknown,
    ctx: RequestContext,
  ): Promise<Borough | null> {
    return subscription.boroughId
      ? ((await ctx.loaders.load(BOROUGH, subscription.boroughId)) ?? null)
      : null;
  }
}
