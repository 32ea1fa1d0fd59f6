import 'reflect-metadata';
import { ConsoleLogger, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { prepareDatabase, StartupError } from './bootstrap';
import { AppConfig, ConfigError, loadConfig } from './config/config';
import { configureHttp } from './http/configure-http';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export async function startServer(config: AppConfig): Promise<NestExpressApplication> {
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL as LogLevel) + 1);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot({ config }), {
    // Structured JSON lines in production, for log collectors; readable lines elsewhere.
    logger: new ConsoleLogger({ json: config.isProduction, logLevels }),
    bufferLogs: true,
    bodyParser: false,
  });
  configureHttp(app, config);
  app.enableShutdownHooks();
  await prepareDatabase(app);
  await app.listen(config.PORT);
  new Logger('Startup').log(
    `GraphQL at http://localhost:${config.PORT}/graphql (${config.NODE_ENV})`,
  );
  return app;
}

async function main(): Promise<void> {
  try {
    await startServer(loadConfig());
  } catch (error) {
    // Configuration and startup refusals are for an operator: one line, no stack.
    if (error instanceof ConfigError || error instanceof StartupError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exit(1);
  }
}

if (require.main === module) void main();
