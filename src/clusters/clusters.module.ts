import { Module } from '@nestjs/common';
import {
  ClusterMemberResolver,
  ClustersResolver,
  ProductCountResolver,
  SupplierCountResolver,
} from './clusters.resolver';
import { ClustersService } from './clusters.service';

@Module({
  providers: [
    ClustersResolver,
    ClusterMemberResolver,
    SupplierCountResolver,
    ProductCountResolver,
    ClustersService,
  ],
  exports: [ClustersService],
})
export class ClustersModule {}
