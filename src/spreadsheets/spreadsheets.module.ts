import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../auth/auth.module';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { CategoriesModule } from '../categories/categories.module';
import { ClustersCoreModule } from '../clusters/clusters.module';
import { SubmissionsCoreModule } from '../submissions/submissions.module';
import { SystemsModule } from '../systems/systems.module';
import { CsvExportsService } from './csv-exports.service';
import { CsvImportResolver } from './csv-import.resolver';
import { CsvImportService } from './csv-import.service';
import { SpreadsheetsController } from './spreadsheets.controller';

/** Spreadsheets in and out, without GraphQL or HTTP: what the import command needs. */
@Module({
  imports: [CategoriesModule, SubmissionsCoreModule],
  providers: [CsvImportService],
  exports: [CsvImportService],
})
export class SpreadsheetsCoreModule {}

@Module({
  imports: [
    SpreadsheetsCoreModule,
    ApiKeysModule,
    BoroughsModule,
    ClustersCoreModule,
    SystemsModule,
  ],
  providers: [CsvImportResolver, CsvExportsService],
  controllers: [SpreadsheetsController],
})
export class SpreadsheetsModule {}
