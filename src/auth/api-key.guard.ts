import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { AuthenticatedContext } from '../access/current-principal.decorator';
import { Action, authorise } from '../access/policy';
import { REQUIRES } from '../access/requires.decorator';
import { bearerHash } from '../http/bearer';
import { noteKeyId } from '../http/request-log';
import { ApiKeysService } from './api-keys.service';

/**
 * Every GraphQL operation needs an API key (DESIGN §6), and its role must allow the operation's
 * action. The key is looked up once per HTTP request and kept on the context, however many root
 * fields the operation has. REST routes (health, unsubscribe) carry their own rules and are not
 * guarded here.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const ctx = GqlExecutionContext.create(context).getContext<AuthenticatedContext>();
    if (!ctx.principal) {
      ctx.authenticating ??= this.keys.authenticateHash(bearerHash(ctx.req.raw));
      ctx.principal = await ctx.authenticating;
      noteKeyId(ctx.req, ctx.principal.keyId);
    }
    const action = this.reflector.getAllAndOverride<Action | undefined>(REQUIRES, [
      context.getHandler(),
      context.getClass(),
    ]);
    authorise(ctx.principal, action ?? Action.READ_REGISTER);
    return true;
  }
}
