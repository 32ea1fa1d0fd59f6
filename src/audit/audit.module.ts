import { Module } from '@nestjs/common';
import { BoroughsModule } from '../boroughs/boroughs.module';
import { AuditRepository } from './audit.repository';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';

@Module({
  imports: [BoroughsModule],
  providers: [AuditRepository, AuditService, AuditResolver],
})
export class AuditModule {}
