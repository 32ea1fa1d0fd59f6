import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { DomainError } from '../common/domain-error';
import { noteKeyId } from '../http/request-log';
import { RequestContext } from '../common/request-context';
import { Role } from './api-key.entity';
import { ApiKeysService } from './api-keys.service';
import { bearerHash } from './bearer';
import { ROLES } from './roles.decorator';

/**
 * Every GraphQL operation needs an API key (DESIGN §6). The key is looked up once per HTTP request
 * and kept on the context, however many root fields the operation has. REST routes (health,
 * unsubscribe, calendars) carry their own rules and are not guarded here.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType<string>() !== 'graphql') return true;
    const ctx = GqlExecutionContext.create(context).getContext<RequestContext>();
    if (!ctx.principal) {
      ctx.authenticating ??= this.keys.authenticateHash(bearerHash(ctx.req.raw));
      ctx.principal = await ctx.authenticating;
      noteKeyId(ctx.req, ctx.principal.keyId);
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && !roles.includes(ctx.principal.role)) {
      throw DomainError.forbidden(`This needs the ${roles.join(' or ')} role`);
    }
    return true;
  }
}
