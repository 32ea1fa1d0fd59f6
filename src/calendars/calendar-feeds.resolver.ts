import { Args, ID, Mutation, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { Action } from '../access/policy';
import { Principal } from '../access/principal';
import { Requires } from '../access/requires.decorator';
import { ListSize } from '../common/query-limits';
import { CalendarFeed } from './calendar-feed.entity';
import { CalendarFeedsService, ListedFeed } from './calendar-feeds.service';

@Resolver(() => CalendarFeed)
export class CalendarFeedsResolver {
  constructor(private readonly service: CalendarFeedsService) {}

  @ListSize(100)
  @Requires(Action.EXPORT)
  @Query(() => [CalendarFeed], {
    description:
      "Calendar feeds, revoked ones included (revokedAt set), without their URLs: all of them for admins and coordinators, a borough lead's borough's.",
  })
  calendarFeeds(@CurrentPrincipal() principal: Principal): Promise<ListedFeed[]> {
    return this.service.list(principal);
  }

  @Requires(Action.EXPORT)
  @Mutation(() => CalendarFeed, {
    description:
      'A new calendar feed of one borough (gssCode) or every borough (null). Its url, with its secret token, is shown in this answer only.',
  })
  createCalendarFeed(
    @CurrentPrincipal() principal: Principal,
    @Args('gssCode', { type: () => String, nullable: true }) gssCode: string | null,
    @Args('label', {
      type: () => String,
      nullable: true,
      description: 'At most 200 characters; default "Calendar of <borough>".',
    })
    label: string | null,
  ): Promise<ListedFeed> {
    return this.service.create(principal, gssCode ?? null, label ?? null);
  }

  @Requires(Action.EXPORT)
  @Mutation(() => Boolean, {
    description:
      'Revokes a calendar feed: its URL answers 404 from then on. True once revoked, also when it already was.',
  })
  revokeCalendarFeed(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<boolean> {
    return this.service.revoke(principal, id);
  }

  @ResolveField(() => String, { nullable: true, description: 'The borough; null: every borough.' })
  gssCode(feed: ListedFeed): string | null {
    return feed.gssCode;
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      "The address to subscribe to, with its secret token: only in createCalendarFeed's answer, null elsewhere. Anyone with it can read the feed; revoke the feed if it leaks.",
  })
  url(feed: ListedFeed): string | null {
    return feed.url ?? null;
  }
}
