import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { AppModule } from './app.module';
import { loadConfig } from './config/config';
import { httpAdapter } from './http/configure-http';

/**
 * Writes `schema.gql`, the public contract, from the code: `npm run schema` after changing the API,
 * `npm run schema:check` in CI to fail when the committed file is stale.
 */
export async function printAppSchema(): Promise<string> {
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', NODE_ENV: 'test' });
  const app = await NestFactory.create(AppModule.forRoot({ config }), httpAdapter(config), {
    logger: false,
  });
  await app.init();
  const schema = app.get(GraphQLSchemaHost).schema;
  await app.close();
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}

if (require.main === module) {
  void printAppSchema().then((text) => {
    const file = join(__dirname, '..', 'schema.gql');
    if (process.argv.includes('--check')) {
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
        console.error('schema.gql is stale: run "npm run schema" and commit the result.');
        process.exit(1);
      }
      console.log('schema.gql matches the code.');
    } else {
      writeFileSync(file, text);
      console.log(`Wrote ${file}`);
    }
  });
}
