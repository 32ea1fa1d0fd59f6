import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../auth/auth.module';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { ConsoleAccess } from './console-access';
import { HomeController } from './home.controller';
import { SignInController } from './sign-in.controller';

/** The web console (DESIGN §10): pages rendered on the server over the features' services. */
@Module({
  imports: [ApiKeysModule, BoroughsModule],
  controllers: [SignInController, HomeController],
  providers: [ConsoleAccess],
})
export class ConsoleModule {}
