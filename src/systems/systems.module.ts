import { Module } from '@nestjs/common';
import { SystemsResolver } from './systems.resolver';
import { SystemsService } from './systems.service';

@Module({ providers: [SystemsResolver, SystemsService] })
export class SystemsModule {}
