import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../auth/auth.module';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { CategoriesModule } from '../categories/categories.module';
import { SystemsModule } from '../systems/systems.module';
import { OcdsController } from './ocds.controller';
import { OcdsExportsService } from './ocds-exports.service';
import { OcdsProposalsService } from './ocds-proposals.service';
import { OcdsResolver } from './ocds.resolver';

/** Proposals from notices, without GraphQL or HTTP: what the propose command and the console need. */
@Module({
  imports: [BoroughsModule, CategoriesModule],
  providers: [OcdsProposalsService],
  exports: [OcdsProposalsService],
})
export class OpenContractingCoreModule {}

/** Open contracting data (DESIGN §7): the OCDS export, and proposals from published notices. */
@Module({
  imports: [OpenContractingCoreModule, ApiKeysModule, BoroughsModule, SystemsModule],
  providers: [OcdsResolver, OcdsExportsService],
  controllers: [OcdsController],
})
export class OpenContractingModule {}
