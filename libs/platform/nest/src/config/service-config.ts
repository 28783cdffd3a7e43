import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, MinLength, validateSync, ValidateIf } from 'class-validator';
import { readFileSync } from 'node:fs';

export const RUN_MODES = ['all', 'api', 'worker'] as const;
export type RunMode = (typeof RUN_MODES)[number];

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1');

/** Environment variables every service reads. Validated at start: a missing or malformed one stops the process. */
export class ServiceEnvironment {
  @IsOptional() @IsInt() @Min(0) @Max(65535) @Transform(toInt)
  PORT?: number;

  @IsOptional() @IsString()
  HOST = '0.0.0.0';

  @IsString() @MinLength(1)
  DATABASE_URL!: string;

  @IsOptional() @IsInt() @Min(1) @Max(200) @Transform(toInt)
  DATABASE_POOL_SIZE = 10;

  @IsOptional() @IsBoolean() @Transform(toBool)
  MIGRATIONS_RUN = true;

  @IsString() @MinLength(1)
  KAFKA_BROKERS!: string;

  @IsOptional() @IsString()
  KAFKA_TOPIC_PREFIX = '';

  @IsOptional() @IsInt() @Min(1) @Max(1000) @Transform(toInt)
  KAFKA_TOPIC_PARTITIONS = 6;

  @IsOptional() @IsInt() @Min(1) @Max(10) @Transform(toInt)
  KAFKA_REPLICATION_FACTOR = 1;

  /** How long start-up waits for the broker and its topics before exiting; 0 = wait as long as it takes. */
  @IsOptional() @IsInt() @Min(0) @Transform(toInt)
  KAFKA_STARTUP_TIMEOUT_MS = 0;

  @IsString() @MinLength(1)
  AUTH_ISSUER!: string;

  @IsOptional() @IsString()
  AUTH_AUDIENCE = 'tandem';

  @ValidateIf((env: ServiceEnvironment) => !env.AUTH_PUBLIC_KEY && !env.AUTH_PUBLIC_KEY_FILE)
  @IsUrl({ require_tld: false }, { message: 'set AUTH_JWKS_URL, AUTH_PUBLIC_KEY or AUTH_PUBLIC_KEY_FILE' })
  AUTH_JWKS_URL?: string;

  @IsOptional() @IsString()
  AUTH_PUBLIC_KEY?: string;

  @IsOptional() @IsString()
  AUTH_PUBLIC_KEY_FILE?: string;

  @IsOptional() @IsIn(RUN_MODES)
  RUN_MODE: RunMode = 'all';

  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsOptional() @IsInt() @Min(1) @Max(100) @Transform(toInt)
  CONSUMER_MAX_ATTEMPTS = 5;

  @IsOptional() @IsInt() @Min(0) @Transform(toInt)
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /**
   * How many proxies in front of the service add to `X-Forwarded-For` (an ingress, the dashboard): the client address
   * (rate limits, logs) is read that many hops back. 0 trusts no forwarded address — a client could name its own.
   */
  @IsOptional() @IsInt() @Min(0) @Max(5) @Transform(toInt)
  TRUST_PROXY_HOPS = 0;

  /** Requests a minute one client address may make to each public (unauthenticated) rate-limited endpoint. */
  @IsOptional() @IsInt() @Min(1) @Max(1_000_000) @Transform(toInt)
  PUBLIC_RATE_LIMIT_PER_MINUTE = 120;

  /** Idempotency keys are kept at least a day, so a client's retries over a long outage still replay. */
  @IsOptional() @IsInt() @Min(24) @Max(8760) @Transform(toInt)
  IDEMPOTENCY_RETENTION_HOURS = 24;

  @IsOptional() @IsInt() @Min(1) @Max(3600) @Transform(toInt)
  IDEMPOTENCY_LEASE_SECONDS = 30;
}

/** The validated, typed configuration of one service. */
export interface ServiceConfig {
  service: string;
  port: number;
  host: string;
  database: { url: string; poolSize: number; migrationsRun: boolean };
  kafka: { brokers: string[]; topicPrefix: string; partitions: number; replicationFactor: number; startupTimeoutMs: number };
  auth: { issuer: string; audience: string; jwksUrl?: string; publicKey?: string };
  runMode: RunMode;
  logLevel: string;
  consumerMaxAttempts: number;
  shutdownTimeoutMs: number;
  publicRateLimitPerMinute: number;
  trustProxyHops: number;
  idempotency: { retentionHours: number; leaseSeconds: number };
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigurationError';
  }
}

/** Reads and validates the environment; throws ConfigurationError naming every bad variable. */
export function loadServiceConfig(
  service: string,
  defaultPort: number,
  env: Record<string, string | undefined> = process.env,
): ServiceConfig {
  const parsed = plainToInstance(ServiceEnvironment, { ...env });
  const problems = validateSync(parsed, { skipMissingProperties: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}).map((message) => `${error.property}: ${message}`),
  );
  let publicKey = parsed.AUTH_PUBLIC_KEY;
  if (!publicKey && parsed.AUTH_PUBLIC_KEY_FILE) {
    try {
      publicKey = readFileSync(parsed.AUTH_PUBLIC_KEY_FILE, 'utf8');
    } catch (error) {
      problems.push(`AUTH_PUBLIC_KEY_FILE: cannot read ${parsed.AUTH_PUBLIC_KEY_FILE} (${(error as Error).message})`);
    }
  }
  if (problems.length > 0) throw new ConfigurationError(problems);
  return {
    service,
    port: parsed.PORT ?? defaultPort,
    host: parsed.HOST,
    database: { url: parsed.DATABASE_URL, poolSize: parsed.DATABASE_POOL_SIZE, migrationsRun: parsed.MIGRATIONS_RUN },
    kafka: {
      brokers: parsed.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean),
      topicPrefix: parsed.KAFKA_TOPIC_PREFIX,
      partitions: parsed.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: parsed.KAFKA_REPLICATION_FACTOR,
      startupTimeoutMs: parsed.KAFKA_STARTUP_TIMEOUT_MS,
    },
    auth: { issuer: parsed.AUTH_ISSUER, audience: parsed.AUTH_AUDIENCE, jwksUrl: parsed.AUTH_JWKS_URL, publicKey },
    runMode: parsed.RUN_MODE,
    logLevel: parsed.LOG_LEVEL,
    consumerMaxAttempts: parsed.CONSUMER_MAX_ATTEMPTS,
    shutdownTimeoutMs: parsed.SHUTDOWN_TIMEOUT_MS,
    publicRateLimitPerMinute: parsed.PUBLIC_RATE_LIMIT_PER_MINUTE,
    trustProxyHops: parsed.TRUST_PROXY_HOPS,
    idempotency: { retentionHours: parsed.IDEMPOTENCY_RETENTION_HOURS, leaseSeconds: parsed.IDEMPOTENCY_LEASE_SECONDS },
  };
}

export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
