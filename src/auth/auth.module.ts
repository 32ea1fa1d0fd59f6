import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Action, can } from '../access/policy';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { LARGE_BODIES, LargeBodies } from '../http/configure-http';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { ConsoleSessionsRepository } from './console-sessions.repository';
import { ConsoleSessionsService } from './console-sessions.service';

/** The key store alone, for commands that run without the GraphQL guard. */
@Module({
  imports: [BoroughsModule],
  providers: [ApiKeysRepository, ApiKeysService, ConsoleSessionsRepository, ConsoleSessionsService],
  exports: [ApiKeysService, ConsoleSessionsService],
})
export class ApiKeysModule {}

/** A key that may import may send a notices file to GraphQL (proposeSystemsFromOcds). */
const largeBodies = {
  provide: LARGE_BODIES,
  inject: [ApiKeysService],
  useFactory:
    (keys: ApiKeysService): LargeBodies =>
    (req) =>
      keys.authenticateRequest(req).then(
        (principal) => can(principal, Action.IMPORT),
        () => false,
      ),
};

@Module({
  imports: [ApiKeysModule],
  providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }, largeBodies],
  exports: [ApiKeysModule],
})
export class AuthModule {}
