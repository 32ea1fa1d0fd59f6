import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../auth/auth.module';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { CategoriesModule } from '../categories/categories.module';
import { ClustersCoreModule } from '../clusters/clusters.module';
import { SystemsModule } from '../systems/systems.module';
import { ClustersPagesController } from './clusters-pages.controller';
import { ConsoleAccess } from './console-access';
import { HomeController } from './home.controller';
import { SignInController } from './sign-in.controller';

/** The web console (DESIGN §10): pages rendered on the server over the features' services. */
@Module({
  imports: [ApiKeysModule, BoroughsModule, CategoriesModule, ClustersCoreModule, SystemsModule],
  controllers: [SignInController, HomeController, ClustersPagesController],
  providers: [ConsoleAccess],
})
export class ConsoleModule {}
