import 'reflect-metadata';
import { readFile } from 'node:fs/promises';
import { parseArgs, ParseArgsConfig } from 'node:util';
import { DynamicModule, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, ConfigError, loadConfig } from '../config/config';
import { DomainError } from '../common/domain-error';
import { StartupError } from '../bootstrap';

export class UsageError extends Error {}

/** Refuses bytes that are not UTF-8 rather than storing what they would be misread as. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file named on the command line, as text: a file that cannot be read is a usage error, one
 * that is not UTF-8 is refused at `path` with `notUtf8` (which says how to save it right).
 */
export async function readTextFile(file: string, path: string, notUtf8: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return UTF8.decode(bytes);
  } catch {
    throw DomainError.badInput([{ path, message: notUtf8 }]);
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** A command as an operator types it: its usage text, its options, and what it does with them. */
export interface Command<O extends Options> {
  usage: string;
  options: O;
  positionals?: boolean;
  run(
    app: INestApplicationContext,
    args: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>,
  ): Promise<void>;
}

/**
 * Runs one command against the database named by DATABASE_URL, as the server would see it.
 * `--help` prints the usage without touching the database; bad usage and refused input print one
 * line (then the usage) and exit 1; anything else prints its stack.
 */
export async function runCommand<O extends Options>(
  module: (config: AppConfig) => DynamicModule,
  command: Command<O>,
  argv: string[] = process.argv.slice(2),
): Promise<void> {
  let app: INestApplicationContext | undefined;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(command.usage);
      return;
    }
    let args;
    try {
      args = parseArgs({
        args: argv,
        options: command.options,
        allowPositionals: command.positionals ?? false,
        strict: true,
      });
    } catch (error) {
      // node's own wording ("Unknown option '--x'"), without its advice to use `--`.
      const message = (error as Error).message.split('. To specify')[0];
      throw new UsageError(`${message}\n${command.usage}`);
    }
    const config = loadConfig();
    app = await NestFactory.createApplicationContext(module(config), { logger: ['error', 'warn'] });
    await command.run(app, args);
  } catch (error) {
    const known = [UsageError, ConfigError, StartupError, DomainError].some(
      (type) => error instanceof type,
    );
    // A refusal's message already names its first field; the list names every one.
    const detail =
      error instanceof DomainError && error.fieldErrors.length > 1
        ? `\n${error.fieldErrors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`
        : '';
    console.error(known ? `${(error as Error).message}${detail}` : error);
    process.exitCode = 1;
  } finally {
    await app?.close();
  }
}
