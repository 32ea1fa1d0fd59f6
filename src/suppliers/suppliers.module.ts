import { Module } from '@nestjs/common';
import { ProductsResolver, SuppliersResolver } from './suppliers.resolver';
import { SuppliersService } from './suppliers.service';

@Module({ providers: [SuppliersResolver, ProductsResolver, SuppliersService] })
export class SuppliersModule {}
