import { Module } from '@nestjs/common';
import { inOrder, LoaderRegistry } from '../common/loaders';
import { Database } from '../database/database';
import { BOROUGH, BoroughsRepository } from './boroughs.repository';
import { BoroughsResolver } from './boroughs.resolver';
import { BoroughsService } from './boroughs.service';

@Module({
  providers: [BoroughsRepository, BoroughsService, BoroughsResolver],
  exports: [BoroughsRepository, BoroughsService],
})
export class BoroughsModule {
  constructor(registry: LoaderRegistry, db: Database, boroughs: BoroughsRepository) {
    registry.register(BOROUGH, async (ids) =>
      inOrder(ids, await db.read((em) => boroughs.byIds(em, ids)), (b) => b.id),
    );
  }
}
