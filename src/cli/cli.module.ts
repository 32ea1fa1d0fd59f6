import { DynamicModule, Module } from '@nestjs/common';
import { AlertRunModule } from '../alerts/alerts.module';
import { ApiKeysModule } from '../auth/auth.module';
import { AppConfig } from '../config/config';
import { CoreModule } from '../core/core.module';
import { OpenContractingCoreModule } from '../open-contracting/open-contracting.module';
import { SeedsModule } from '../seeds/seeds.module';
import { SpreadsheetsCoreModule } from '../spreadsheets/spreadsheets.module';
import { SubmissionsCoreModule } from '../submissions/submissions.module';

/** The services the commands use, without HTTP or GraphQL. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        CoreModule.forRoot({ config }),
        ApiKeysModule,
        SeedsModule,
        SubmissionsCoreModule,
        AlertRunModule,
        SpreadsheetsCoreModule,
        OpenContractingCoreModule,
      ],
    };
  }
}
