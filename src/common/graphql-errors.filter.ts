import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { GqlContextType } from '@nestjs/graphql';

/**
 * Nest logs every error a resolver throws at ERROR level with its stack, a client's mistake
 * (CONFLICT, BAD_USER_INPUT) as much as a fault. A resolver's error is left to GraphQL as it is:
 * formatError answers it and errorLogPlugin logs it once, at the level its code deserves. Other
 * routes keep Nest's handling.
 */
@Catch()
export class GraphQLErrorsFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType<GqlContextType>() === 'graphql') throw exception;
    super.catch(exception, host);
  }
}
