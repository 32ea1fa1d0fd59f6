import { Field, InputType } from '@nestjs/graphql';

@InputType()
export class AuditFilter {
  @Field(() => String, {
    nullable: true,
    description: 'An action, or a prefix ending in "." such as "list."',
  })
  action?: string | null;

  @Field(() => String, { nullable: true })
  gssCode?: string | null;

  @Field(() => String, { nullable: true })
  actorKeyId?: string | null;

  @Field(() => Date, { nullable: true })
  from?: Date | null;

  @Field(() => Date, { nullable: true })
  to?: Date | null;
}
