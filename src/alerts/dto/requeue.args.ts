import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize } from 'class-validator';

/** The most emails `alertOutbox` lists, and so the most re-queued at once. */
export const OUTBOX_PAGE = 1000;

const howMany = { message: `must list 1 to ${OUTBOX_PAGE} emails` };

/** FAILED emails to put back in the queue. */
@ArgsType()
export class RequeueArgs {
  @Field(() => [ID])
  @ArrayMinSize(1, howMany)
  @ArrayMaxSize(OUTBOX_PAGE, howMany)
  ids!: string[];
}
