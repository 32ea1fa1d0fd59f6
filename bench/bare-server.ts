import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { DataSource } from 'typeorm';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { Borough } from '../src/boroughs/borough.entity';
import { BoroughsService } from '../src/boroughs/boroughs.service';
import { ClustersService } from '../src/clusters/clusters.service';
import { SystemClock } from '../src/common/clock';
import { LoaderFactory, Loaders } from '../src/common/loaders';
import { Database } from '../src/database/database';
import { dataSourceOptions } from '../src/database/data-source-options';
import { ItSystem } from '../src/systems/it-system.entity';

interface Context {
  loaders: Loaders;
}

/**
 * The baseline for the throughput benchmark: the same service code and database behind a bare
 * Apollo Server, without Nest (no modules, guards, middleware or hardening). Keys are still
 * checked, as the service does, so the comparison is about the framework.
 */
export async function startBareServer(
  databaseUrl: string,
  port: number,
): Promise<() => Promise<void>> {
  const db = new Database(await new DataSource(dataSourceOptions(databaseUrl)).initialize());
  const clock = new SystemClock();
  const keys = new ApiKeysService(db, clock);
  const clusters = new ClustersService(db, clock);
  const boroughs = new BoroughsService(db);
  const loaders = new LoaderFactory(db);
  const server = new ApolloServer<Context>({
    // As in the service, where no field sets a cache hint.
    plugins: [ApolloServerPluginCacheControlDisabled()],
    typeDefs: readFileSync(join(__dirname, '..', '..', 'schema.gql'), 'utf8'),
    resolvers: {
      Query: {
        boroughs: () => boroughs.all(),
        expiryClusters: (_: unknown, args: { input?: object }) => clusters.find(args.input ?? {}),
      },
      Borough: {
        orgId: (b: Borough) => `GB-LAE-${b.laeCode}`,
        systems: (b: Borough, _: unknown, ctx: Context) => ctx.loaders.systemsOfBorough.load(b.id),
      },
      ItSystem: {
        supplier: (s: ItSystem, _: unknown, ctx: Context) =>
          ctx.loaders.supplier.load(s.supplierId),
        category: (s: ItSystem, _: unknown, ctx: Context) =>
          ctx.loaders.category.load(s.categoryId),
        product: (s: ItSystem, _: unknown, ctx: Context) =>
          s.productId ? ctx.loaders.product.load(s.productId) : null,
      },
    },
  });
  const { url } = await startStandaloneServer(server, {
    listen: { port },
    context: async ({ req }) => {
      await keys.authenticate(/^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1]);
      return { loaders: loaders.create() };
    },
  });
  void url;
  return async () => {
    await server.stop();
    await db.dataSource.destroy();
  };
}

/** Run on its own, `node dist-bench/bench/bare-server.js <database-url> <port>`: the bench runs it
 * in a process of its own, as it runs the service, so neither shares a heap with the load. */
if (require.main === module) {
  const [databaseUrl, port] = process.argv.slice(2);
  void startBareServer(databaseUrl, Number(port)).then((stop) => {
    process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
  });
}
