import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  Validate,
  validateSync,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';
import { validateCronExpression } from 'cron';

@ValidatorConstraint({ name: 'cronExpression' })
class CronExpression implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    return typeof value === 'string' && validateCronExpression(value).valid;
  }

  defaultMessage(): string {
    return 'must be a cron expression such as "0 7 * * *"';
  }
}

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  return value;
};

/**
 * The service's configuration, read once from the environment (DESIGN §8). Every variable has a
 * default that serves the embedded demo, so `npm start` needs none.
 */
export class AppConfig {
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 65535' })
  @Min(1, { message: 'must be a whole number between 1 and 65535' })
  @Max(65535, { message: 'must be a whole number between 1 and 65535' })
  PORT = 3000;

  /** The address to listen on; unset, every interface, IPv6 and IPv4, as Node itself would. */
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'must be an address such as 0.0.0.0, :: or 127.0.0.1' })
  HOST: string | undefined = undefined;

  @Matches(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, {
    message: 'must be sqlite:<file>, sqlite::memory: or postgres://user@host:port/database',
  })
  DATABASE_URL = 'sqlite:var/register.db';

  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL: string | undefined = undefined;

  @IsEmail({ require_tld: false }, { message: 'must be an email address' })
  MAIL_FROM = 'contract-register@localhost';

  /** The name mail clients show for MAIL_FROM. */
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(100, { message: 'must be at most 100 characters' })
  @Matches(/^[^\r\n]*$/, { message: 'must be one line' })
  MAIL_FROM_NAME = 'London Contract Register';

  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  ALERTS_ENABLED = true;

  @IsString()
  @Validate(CronExpression)
  ALERTS_CRON = '0 7 * * *';

  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'must be an http(s) URL such as https://register.example.org' },
  )
  PUBLIC_URL = 'http://localhost:3000';

  /**
   * How long a borough's list counts as current after it was last changed or confirmed (DESIGN
   * §11): once this many whole days have passed `Borough.stale` is true and the alert run asks for
   * a confirmation.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of days, 1 to 3650' })
  @Min(1, { message: 'must be a whole number of days, 1 to 3650' })
  @Max(3650, { message: 'must be a whole number of days, 1 to 3650' })
  STALE_AFTER_DAYS = 120;

  /**
   * The prefix of the ocids in the OCDS export (DESIGN §7): `ocds-` and six characters. A
   * publisher registers its own with the Open Contracting Partnership; this default marks the
   * register's data until one is.
   */
  @Matches(/^ocds-[a-z0-9]{6}$/, {
    message: 'must be "ocds-" and six lower-case letters or digits, e.g. ocds-lonreg',
  })
  OCDS_PREFIX = 'ocds-lonreg';

  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of requests, 1 or more' })
  @Min(1, { message: 'must be a whole number of requests, 1 or more' })
  RATE_LIMIT_PER_MINUTE = 600;

  /**
   * How long a request, headers and body, may take to arrive: a slower one is answered 408 and its
   * connection closed, so clients trickling bodies cannot hold connections open. Receiving only:
   * the time the service takes to answer is not counted.
   */
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds, 1 to 3600' })
  @Min(1, { message: 'must be a whole number of seconds, 1 to 3600' })
  @Max(3600, { message: 'must be a whole number of seconds, 1 to 3600' })
  REQUEST_TIMEOUT_SECONDS = 30;

  /**
   * Fastify's `trustProxy`: how to find the caller's address behind a load balancer, e.g. 1 (one
   * hop), loopback, or 10.0.0.0/8. Unset, the connection's own address is used.
   */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d+$/.test(value)
      ? Number(value)
      : value === 'true'
        ? true
        : value === 'false'
          ? false
          : value,
  )
  TRUST_PROXY: string | number | boolean | undefined = undefined;

  /** Introspection (schema discovery for GraphQL clients); default on outside production, off in it. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  GRAPHQL_INTROSPECTION: boolean | undefined = undefined;

  @IsIn(['development', 'production', 'test'], {
    message: 'must be development, production or test',
  })
  NODE_ENV = 'development';

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'], {
    message: 'must be one of fatal, error, warn, log, debug, verbose',
  })
  LOG_LEVEL = 'log';

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get introspection(): boolean {
    return this.GRAPHQL_INTROSPECTION ?? !this.isProduction;
  }
}

export class ConfigError extends Error {}

const KNOWN = Object.keys(new AppConfig());

/**
 * Reads and validates the environment. A bad value throws one line naming the variable, e.g.
 * `Invalid configuration: PORT must be a whole number between 1 and 65535 (got "http")`.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, string> = {};
  for (const key of KNOWN) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const config = plainToInstance(AppConfig, raw);
  const errors = validateSync(config, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const message = Object.values(e.constraints ?? {})[0] ?? 'is invalid';
      const shown =
        e.property === 'DATABASE_URL' || e.property === 'SMTP_URL'
          ? ''
          : ` (got ${JSON.stringify(raw[e.property])})`;
      return `${e.property} ${message}${shown}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return config;
}
