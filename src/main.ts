import 'reflect-metadata';
import { ConsoleLogger, Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { prepareDatabase, StartupError } from './bootstrap';
import { AppConfig, ConfigError, loadConfig } from './config/config';
import { configureConsole } from './console/console-http';
import { configureHttp, httpAdapter, listen } from './http/configure-http';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export async function startServer(config: AppConfig): Promise<NestFastifyApplication> {
  const logLevels = LEVELS.slice(0, LEVELS.indexOf(config.LOG_LEVEL as LogLevel) + 1);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config }),
    httpAdapter(config),
    {
      // Structured JSON lines in production, for log collectors; readable lines elsewhere.
      logger: new ConsoleLogger({ json: config.isProduction, logLevels }),
      bufferLogs: true,
      bodyParser: false,
    },
  );
  await configureHttp(app, config);
  app.enableShutdownHooks();
  await prepareDatabase(app);
  await configureConsole(app, config);
  await listen(app, config);
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
