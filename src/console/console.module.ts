import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../auth/auth.module';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { CategoriesModule } from '../categories/categories.module';
import { ClustersCoreModule } from '../clusters/clusters.module';
import { SuppliersModule } from '../suppliers/suppliers.module';
import { SystemsModule } from '../systems/systems.module';
import { SystemsPageController } from './systems-page.controller';
import { ClustersPagesController } from './clusters-pages.controller';
import { SpreadsheetsCoreModule } from '../spreadsheets/spreadsheets.module';
import { SubmissionsCoreModule } from '../submissions/submissions.module';
import { BoroughForms } from './borough-forms';
import { BoroughPageController } from './borough-page.controller';
import { NoticesController } from './notices.controller';
import { OpenContractingCoreModule } from '../open-contracting/open-contracting.module';
import { ConsoleAccess } from './console-access';
import { HomeController } from './home.controller';
import { SignInController } from './sign-in.controller';
import { UsersPagesController } from './users-pages.controller';

/** The web console (DESIGN §10): pages rendered on the server over the features' services. */
@Module({
  imports: [
    ApiKeysModule,
    BoroughsModule,
    CategoriesModule,
    ClustersCoreModule,
    SystemsModule,
    SuppliersModule,
    SubmissionsCoreModule,
    SpreadsheetsCoreModule,
    OpenContractingCoreModule,
  ],
  controllers: [
    SignInController,
    HomeController,
    ClustersPagesController,
    SystemsPageController,
    BoroughPageController,
    NoticesController,
    UsersPagesController,
  ],
  providers: [ConsoleAccess, BoroughForms],
})
export class ConsoleModule {}
