import { Module } from '@nestjs/common';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { CategoriesModule } from '../categories/categories.module';
import { SuppliersModule } from '../suppliers/suppliers.module';
import { SystemsModule } from '../systems/systems.module';
import { ClusterReferences } from './cluster-references';
import {
  ClusterMemberResolver,
  ClustersResolver,
  ProductCountResolver,
  SupplierCountResolver,
} from './clusters.resolver';
import { ClustersService } from './clusters.service';

/** The computation alone, for the alert run. */
@Module({
  imports: [BoroughsModule, CategoriesModule, SuppliersModule, SystemsModule],
  providers: [ClusterReferences, ClustersService],
  exports: [ClustersService],
})
export class ClustersCoreModule {}

@Module({
  imports: [ClustersCoreModule],
  providers: [ClustersResolver, ClusterMemberResolver, SupplierCountResolver, ProductCountResolver],
})
export class ClustersModule {}
