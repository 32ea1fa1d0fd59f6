import 'reflect-metadata';
import { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, loadConfig } from '../config/config';
import { DomainError } from '../common/domain-error';
import { StartupError } from '../bootstrap';

export class UsageError extends Error {}

/**
 * Runs one command against the database named by DATABASE_URL, as the server would see it. Bad
 * usage and refused input print one line and exit 1; anything else prints its stack.
 */
export async function runCommand(
  module: (config: AppConfig) => DynamicModule,
  command: (app: INestApplicationContext) => Promise<void>,
): Promise<void> {
  let app: INestApplicationContext | undefined;
  try {
    const config = loadConfig();
    app = await NestFactory.createApplicationContext(module(config), { logger: ['error', 'warn'] });
    await command(app);
  } catch (error) {
    const known = [UsageError, ConfigError, StartupError, DomainError].some(
      (type) => error instanceof type,
    );
    const detail =
      error instanceof DomainError && error.fieldErrors.length > 0
        ? `\n${error.fieldErrors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`
        : '';
    console.error(known ? `${(error as Error).message}${detail}` : error);
    process.exitCode = 1;
  } finally {
    await app?.close();
  }
}
