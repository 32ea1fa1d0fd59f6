import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiKeysModule } from '../src/auth/auth.module';
import { ApiKeysService } from '../src/auth/api-keys.service';
import { bearerHash } from '../src/http/bearer';
import type { GraphQLResolveInfo } from 'graphql';
import { Borough } from '../src/boroughs/borough.entity';
import { BOROUGH } from '../src/boroughs/boroughs.repository';
import { BoroughsModule } from '../src/boroughs/boroughs.module';
import { BoroughsService } from '../src/boroughs/boroughs.service';
import { ClustersCoreModule } from '../src/clusters/clusters.module';
import { ClustersService } from '../src/clusters/clusters.service';
import { ClusterMember } from '../src/clusters/models/expiry-cluster.model';
import { requestedFieldsAt } from '../src/common/requested-fields';
import { CATEGORY } from '../src/categories/categories.repository';
import { LoaderRegistry, Loaders } from '../src/common/loaders';
import { loadConfig } from '../src/config/config';
import { readSnapshotPlugin } from '../src/common/read-snapshot.plugin';
import { CoreModule } from '../src/core/core.module';
import { Database } from '../src/database/database';
import { PRODUCT, SUPPLIER } from '../src/suppliers/suppliers.repository';
import { ItSystem } from '../src/systems/it-system.entity';
import { preloadRelations } from '../src/systems/entry-relations';
import { SYSTEM, SYSTEMS_OF_BOROUGH } from '../src/systems/systems.repository';
import { SystemsModule } from '../src/systems/systems.module';

interface Context {
  loaders: Loaders;
}

/**
 * The baseline for the throughput benchmark: the same service code and database behind a bare
 * Apollo Server, without Nest on the request path (no guards, middleware or hardening; Nest only
 * wires the services together at start). Keys are still checked, as the service does, so the
 * comparison is about the framework.
 */
export async function startBareServer(
  databaseUrl: string,
  port: number,
): Promise<() => Promise<void>> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, NODE_ENV: 'development' });
  @Module({
    imports: [
      CoreModule.forRoot({ config }),
      ApiKeysModule,
      BoroughsModule,
      SystemsModule,
      ClustersCoreModule,
    ],
    providers: [BoroughsService],
  })
  class BareModule {}
  const services = await NestFactory.createApplicationContext(BareModule, { logger: false });
  const keys = services.get(ApiKeysService);
  const clusters = services.get(ClustersService);
  const boroughs = services.get(BoroughsService);
  const loaders = services.get(LoaderRegistry);
  const db = services.get(Database);
  const server = new ApolloServer<Context>({
    // As in the service, where no field sets a cache hint, and a query's reads share a snapshot.
    plugins: [ApolloServerPluginCacheControlDisabled(), readSnapshotPlugin(db)],
    typeDefs: readFileSync(join(__dirname, '..', '..', 'schema.gql'), 'utf8'),
    resolvers: {
      Query: {
        boroughs: () => boroughs.all(),
        // As the service's resolver does: members' systems read with the clusters, names preloaded.
        expiryClusters: async (
          _: unknown,
          args: { input?: object },
          ctx: Context,
          info: GraphQLResolveInfo,
        ) => {
          const entryFields = requestedFieldsAt(info, ['members', 'system']);
          const found = await clusters.find(args.input ?? {}, entryFields);
          if (entryFields) {
            const entries = found.flatMap((c) => c.members.map((m) => m.system!));
            await preloadRelations(ctx.loaders, entries, entryFields);
          }
          return found;
        },
      },
      ClusterMember: {
        system: (m: ClusterMember, _: unknown, ctx: Context) =>
          m.system ?? ctx.loaders.loadOrFail(SYSTEM, m.systemId),
      },
      Borough: {
        orgId: (b: Borough) => `GB-LAE-${b.laeCode}`,
        systems: (b: Borough, _: unknown, ctx: Context) =>
          ctx.loaders.loadOrFail(SYSTEMS_OF_BOROUGH, b.id),
      },
      ItSystem: {
        borough: (s: ItSystem, _: unknown, ctx: Context) =>
          ctx.loaders.loadOrFail(BOROUGH, s.boroughId),
        supplier: (s: ItSystem, _: unknown, ctx: Context) =>
          ctx.loaders.loadOrFail(SUPPLIER, s.supplierId),
        category: (s: ItSystem, _: unknown, ctx: Context) =>
          ctx.loaders.loadOrFail(CATEGORY, s.categoryId),
        product: (s: ItSystem, _: unknown, ctx: Context) =>
          s.productId ? ctx.loaders.loadOrFail(PRODUCT, s.productId) : null,
      },
    },
  });
  await server.start();
  // Apollo's standalone server, with each request run as one of the database's (as the service's
  // HTTP layer does), so that its reads can share one snapshot.
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new HeaderMap();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: req.method!.toUpperCase(),
        headers,
        search: new URL(req.url!, 'http://localhost').search,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      },
      context: async () => {
        await keys.authenticateHash(bearerHash(req));
        return { loaders: loaders.forRequest() };
      },
    });
    res.statusCode = result.status ?? 200;
    for (const [name, value] of result.headers) res.setHeader(name, value);
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  };
  const http = createServer((req, res) =>
    db.withinRequest(() => {
      handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    }),
  );
  await new Promise<void>((resolve) => http.listen(port, resolve));
  return async () => {
    await new Promise((resolve) => http.close(resolve));
    await server.stop();
    await services.close();
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
