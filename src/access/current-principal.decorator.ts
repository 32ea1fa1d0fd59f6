import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { RequestContext } from '../common/request-context';
import { Principal } from './principal';

/** A GraphQL request's context once the key behind it has been looked up. */
export interface AuthenticatedContext extends RequestContext {
  principal?: Principal;
  /** The key lookup in flight, shared by root fields resolved in parallel. */
  authenticating?: Promise<Principal>;
}

/** The authenticated principal of a GraphQL operation, set by the API key guard. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const { principal } = GqlExecutionContext.create(context).getContext<AuthenticatedContext>();
    if (!principal)
      throw new Error('CurrentPrincipal used on an operation the API key guard did not run for');
    return principal;
  },
);
