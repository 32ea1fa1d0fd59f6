import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysService } from './api-keys.service';

@Module({
  providers: [ApiKeysService, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeysService],
})
export class AuthModule {}

/** The key store alone, for commands that run without the GraphQL guard. */
@Module({ providers: [ApiKeysService], exports: [ApiKeysService] })
export class ApiKeysModule {}
