import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AlertsModule } from './alerts/alerts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { BoroughsModule } from './boroughs/boroughs.module';
import { CalendarsModule } from './calendars/calendars.module';
import { CategoriesModule } from './categories/categories.module';
import { ClustersModule } from './clusters/clusters.module';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { CompiledExecutor } from './common/compiled-executor';
import { errorLogPlugin } from './common/error-log.plugin';
import { formatError } from './common/format-error';
import { GraphQLErrorsFilter } from './common/graphql-errors.filter';
import { graphiqlPlugin } from './common/landing-page.plugin';
import { queryLimits } from './common/query-limits';
import { readSnapshotPlugin } from './common/read-snapshot.plugin';
import { textInputPlugin } from './common/text-input.plugin';
import { variablePathsPlugin } from './common/variable-paths.plugin';
import { DateTimeScalar } from './common/scalars/date-time.scalar';
import { LoaderRegistry } from './common/loaders';
import { RequestContext } from './common/request-context';
import { ConsoleModule } from './console/console.module';
import { CoreModule, CoreOptions } from './core/core.module';
import { Database } from './database/database';
import { HealthModule } from './health/health.module';
import { OpenContractingModule } from './open-contracting/open-contracting.module';
import { SpreadsheetsModule } from './spreadsheets/spreadsheets.module';
import { SeedsModule } from './seeds/seeds.module';
import { SubmissionsModule } from './submissions/submissions.module';
import { SuppliersModule } from './suppliers/suppliers.module';
import { SystemsModule } from './systems/systems.module';

/**
 * Apollo keeps the parsed documents of the queries it has seen, up to this many bytes as it counts
 * them (their JSON). A parsed document holds about four times that in the heap, and a client that
 * writes its values into the query text (as curl examples do) sends a new document every time:
 * Apollo's default of 30 MiB grew the server by 200 MB under such load. 4 MiB holds several hundred
 * everyday queries, for about 16 MB.
 */
const DOCUMENT_STORE_BYTES = 4 * 2 ** 20;

/** The features that make up the GraphQL API; the schema generator builds from these too. */
export const FEATURE_MODULES = [
  AuthModule,
  BoroughsModule,
  CategoriesModule,
  SuppliersModule,
  SystemsModule,
  SubmissionsModule,
  ClustersModule,
  AlertsModule,
  AuditModule,
  CalendarsModule,
  SpreadsheetsModule,
  OpenContractingModule,
];

@Module({})
export class AppModule {
  static forRoot(options: CoreOptions): DynamicModule {
    const production = options.config.isProduction;
    const limits = queryLimits(production);
    return {
      module: AppModule,
      providers: [{ provide: APP_FILTER, useClass: GraphQLErrorsFilter }],
      imports: [
        CoreModule.forRoot(options),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [LoaderRegistry, Database, GraphQLSchemaHost],
          useFactory: (loaders: LoaderRegistry, db: Database, schemaHost: GraphQLSchemaHost) => ({
            gateway: new CompiledExecutor(() => schemaHost.schema),
            validationRules: limits.validationRules,
            parseOptions: limits.parseOptions,
            documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: DOCUMENT_STORE_BYTES }),
            plugins: [
              // First: it refuses variables nested too deep for the plugins after it to walk.
              textInputPlugin(),
              ...limits.plugins,
              variablePathsPlugin(),
              readSnapshotPlugin(db),
              // No field sets a cache hint and POST answers are not cached: without this, Apollo
              // wraps every field resolution to compute a cache policy nobody reads.
              ApolloServerPluginCacheControlDisabled(),
              errorLogPlugin(),
              // The IDE reads the schema by introspection: served exactly where that is allowed.
              options.config.introspection
                ? graphiqlPlugin()
                : ApolloServerPluginLandingPageDisabled(),
            ],
            autoSchemaFile: true,
            sortSchema: true,
            buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
            path: '/graphql',
            playground: false,
            introspection: options.config.introspection,
            includeStacktraceInErrorResponses: !production,
            csrfPrevention: true,
            formatError: formatError(production),
            context: (req: FastifyRequest, res: FastifyReply): RequestContext => ({
              req,
              res,
              loaders: loaders.forRequest(),
            }),
          }),
        }),
        ...FEATURE_MODULES,
        SeedsModule,
        HealthModule,
        ConsoleModule,
      ],
    };
  }
}
