import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, SystemClock } from '../common/clock';
import { LoaderRegistry } from '../common/loaders';
import { AppConfig } from '../config/config';
import { Database } from '../database/database';
import { dataSourceOptions } from '../database/data-source-options';
import { ENTITIES } from '../entities';

export interface CoreOptions {
  config: AppConfig;
  clock?: Clock;
}

class DatabaseCloser implements OnApplicationShutdown {
  constructor(@Inject(Database) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.db.dataSource.isInitialized) await this.db.dataSource.destroy();
  }
}

/** What every part of the service and every command shares: configuration, clock, database. */
@Global()
@Module({})
export class CoreModule {
  static forRoot({ config, clock }: CoreOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: Clock, useValue: clock ?? new SystemClock() },
        {
          provide: Database,
          useFactory: async () =>
            new Database(
              await new DataSource(dataSourceOptions(config.DATABASE_URL, ENTITIES)).initialize(),
            ),
        },
        DatabaseCloser,
        LoaderRegistry,
      ],
      exports: [AppConfig, Clock, Database, LoaderRegistry],
    };
  }
}
