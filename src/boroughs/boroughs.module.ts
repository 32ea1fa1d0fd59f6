import { Module } from '@nestjs/common';
import { BoroughsResolver } from './boroughs.resolver';
import { BoroughsService } from './boroughs.service';

@Module({ providers: [BoroughsResolver, BoroughsService], exports: [BoroughsService] })
export class BoroughsModule {}
