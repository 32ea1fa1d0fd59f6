import { Field, Int, ObjectType } from '@nestjs/graphql';
import { LocalDateScalar } from '../../common/scalars/local-date.scalar';

@ObjectType({ description: 'What one alert run queued and sent.' })
export class AlertRun {
  @Field(() => LocalDateScalar)
  asOf!: string;

  @Field()
  dryRun!: boolean;

  @Field(() => Int, { description: 'Digest emails queued (a dry run: would queue).' })
  emailsQueued!: number;

  @Field(() => Int, { description: 'Contract alerts in those emails.' })
  itemsQueued!: number;

  @Field(() => Int)
  emailsSent!: number;

  @Field(() => Int, {
    description: 'Emails whose delivery failed during this run (retried later unless permanent).',
  })
  emailsFailed!: number;
}
