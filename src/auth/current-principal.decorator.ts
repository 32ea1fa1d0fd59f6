import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { RequestContext } from '../common/request-context';
import { Principal } from './principal';

/** The authenticated principal of a GraphQL operation, set by the ApiKeyGuard. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const { principal } = GqlExecutionContext.create(context).getContext<RequestContext>();
    if (!principal)
      throw new Error('CurrentPrincipal used on an operation the ApiKeyGuard did not run for');
    return principal;
  },
);
