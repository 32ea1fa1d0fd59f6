import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { BoroughsModule } from '../boroughs/boroughs.module';
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

@Module({
  imports: [ApiKeysModule],
  providers: [{ provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeysModule],
})
export class AuthModule {}
