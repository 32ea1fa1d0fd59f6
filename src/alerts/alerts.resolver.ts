import { ListSize } from '../common/query-limits';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal } from '../access/current-principal.decorator';
import { Principal } from '../access/principal';
import { Action } from '../access/policy';
import { Requires } from '../access/requires.decorator';
import { LocalDateScalar } from '../common/scalars/local-date.scalar';
import { AlertRunService } from './alert-run.service';
import { RequeueArgs } from './dto/requeue.args';
import { AlertRun } from './models/alert-run.model';
import { OutboxEmail, OutboxStatus } from './outbox-email.entity';
import { OutboxService } from './outbox.service';
import { RETRY_WINDOW_DAYS } from './outbox-sender.service';

@Resolver()
@Requires(Action.OPERATE_ALERTS)
export class AlertsResolver {
  constructor(
    private readonly runs: AlertRunService,
    private readonly outbox: OutboxService,
  ) {}

  @Mutation(() => AlertRun, {
    description:
      'Runs the alerts now for asOf (default today; a later day only as a dry run) and retries every pending email.',
  })
  runAlerts(
    @CurrentPrincipal() principal: Principal,
    @Args('asOf', { type: () => LocalDateScalar, nullable: true }) asOf?: string,
    @Args('dryRun', { type: () => Boolean, nullable: true }) dryRun?: boolean,
  ): Promise<AlertRun> {
    return this.runs.run({ asOf, dryRun: dryRun ?? false, retryNow: true, actor: principal });
  }

  @ListSize(1000)
  @Query(() => [OutboxEmail], { description: 'Alert emails, newest first.' })
  alertOutbox(
    @Args('status', { type: () => OutboxStatus, nullable: true }) status?: OutboxStatus,
  ): Promise<OutboxEmail[]> {
    return this.outbox.list(status);
  }

  @Mutation(() => [OutboxEmail], {
    description: `Puts FAILED emails back in the queue, with ${RETRY_WINDOW_DAYS} more days to go.`,
  })
  requeueAlertEmails(
    @CurrentPrincipal() principal: Principal,
    @Args() { ids }: RequeueArgs,
  ): Promise<OutboxEmail[]> {
    return this.outbox.requeue(principal, ids);
  }
}
