import { Module } from '@nestjs/common';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { CategoriesModule } from '../categories/categories.module';
import { SuppliersModule } from '../suppliers/suppliers.module';
import { SystemsModule } from '../systems/systems.module';
import { HistoryService } from './history.service';
import { ListEntries } from './list-entries';
import { ListWriter } from './list-writer';
import { SubmissionsRepository } from './submissions.repository';
import { SubmissionsResolver } from './submissions.resolver';
import { SubmissionsService } from './submissions.service';

const LIST_CHANGES = [
  SubmissionsRepository,
  ListEntries,
  ListWriter,
  SubmissionsService,
  HistoryService,
];

/** Lists and their history, without GraphQL: what the commands need. */
@Module({
  imports: [BoroughsModule, CategoriesModule, SuppliersModule, SystemsModule],
  providers: LIST_CHANGES,
  exports: [SubmissionsService, HistoryService],
})
export class SubmissionsCoreModule {}

@Module({
  imports: [SubmissionsCoreModule],
  providers: [SubmissionsResolver],
})
export class SubmissionsModule {}
