import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../auth/auth.module';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { CategoriesModule } from '../categories/categories.module';
import { SubmissionsCoreModule } from '../submissions/submissions.module';
import { ReferenceSeeder } from './reference-seeder';
import { SeedService } from './seed.service';

@Module({
  imports: [BoroughsModule, CategoriesModule, SubmissionsCoreModule, ApiKeysModule],
  providers: [ReferenceSeeder, SeedService],
  exports: [SeedService],
})
export class SeedsModule {}
