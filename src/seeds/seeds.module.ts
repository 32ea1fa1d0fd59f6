import { Module } from '@nestjs/common';
import { SubmissionsCoreModule } from '../submissions/submissions.module';
import { SeedService } from './seed.service';

@Module({ imports: [SubmissionsCoreModule], providers: [SeedService], exports: [SeedService] })
export class SeedsModule {}
