import { existsSync } from 'node:fs';
import { parseAuth, type AuthConfig } from './config/auth.js';
import { parseBackground, type BackgroundConfig } from './config/background.js';
import { parseDatabase, type DatabaseConfig } from './config/database.js';
import { parseLifecycle, type LifecycleConfig } from './config/lifecycle.js';
import { parseMail, type MailConfig } from './config/mail.js';
import { boolean, ConfigError, integer, oneOf, read, type Env, type NodeEnv } from './config/read.js';
import {
  parseConcurrency,
  parseMetricsToken,
  parseOrigins,
  parseRedisPrefix,
  parseRedisUrl,
  parseTrustProxy,
  type TrustProxy,
} from './config/server.js';

/**
 * Configuration, read once from the environment (and an optional `.env`), validated and frozen.
 * A bad value throws a ConfigError whose message is one line naming the variable and what it
 * accepts; server.ts prints that line and exits.
 *
 * Each concern's variables are read in its own file under config/; this is the one loader.
 */

export { ConfigError };
export type { AuthConfig, BackgroundConfig, DatabaseConfig, LifecycleConfig, MailConfig };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config extends BackgroundConfig {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  readonly port: number;
  readonly database: DatabaseConfig;
  readonly logLevel: LogLevel;
  readonly corsOrigins: readonly string[];
  readonly migrateOnStart: boolean;
  readonly bodyLimit: number;
  /** Headers and body must arrive within this (REQUEST_TIMEOUT, in seconds); later is a 408. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection closes after this (KEEP_ALIVE_TIMEOUT, in seconds). */
  readonly keepAliveTimeoutMs: number;
  /** Directory of the built console; served at `/` when it exists. */
  readonly staticDir: string | null;
  /** Worker processes to run (WEB_CONCURRENCY; `auto` is the number of cores). */
  readonly webConcurrency: number;
  /** Fastify's trustProxy: false, true, a hop count, or the proxies' addresses and CIDRs. */
  readonly trustProxy: TrustProxy;
  /** Shared counters (rate limits, lockouts) live here when set; per process otherwise. */
  readonly redisUrl: string | null;
  /** Put before every Redis key, so apps or environments can share one Redis. */
  readonly redisPrefix: string;
  /** Bearer token that opens /metrics; without it /metrics is not served. */
  readonly metricsToken: string | null;
  readonly lifecycle: LifecycleConfig;
  readonly auth: AuthConfig;
  readonly mail: MailConfig;
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS = ['development', 'production', 'test'] as const;

export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const host = read(env, 'HOST') ?? '127.0.0.1';
  const nodeEnv = oneOf(env, 'NODE_ENV', NODE_ENVS, 'development');
  const port = integer(env, 'PORT', 5000, 0, 65535);
  const config: Config = {
    nodeEnv,
    host,
    port,
    database: parseDatabase(env),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    corsOrigins: parseOrigins(env),
    migrateOnStart: boolean(env, 'MIGRATE_ON_START', true),
    bodyLimit: integer(env, 'BODY_LIMIT', 1024 * 1024, 1024, 100 * 1024 * 1024),
    requestTimeoutMs: integer(env, 'REQUEST_TIMEOUT', 30, 1, 3600) * 1000,
    keepAliveTimeoutMs: integer(env, 'KEEP_ALIVE_TIMEOUT', 72, 1, 3600) * 1000,
    staticDir: read(env, 'STATIC_DIR') ?? null,
    webConcurrency: parseConcurrency(env),
    trustProxy: parseTrustProxy(env),
    redisUrl: parseRedisUrl(env),
    redisPrefix: parseRedisPrefix(env),
    metricsToken: parseMetricsToken(env),
    ...parseBackground(env),
    lifecycle: parseLifecycle(env),
    auth: parseAuth(env, nodeEnv),
    mail: parseMail(env, nodeEnv, port),
    ...overrides,
  };
  if (
    config.webConcurrency > 1 &&
    config.database.dialect === 'sqlite' &&
    config.database.path === ':memory:'
  ) {
    throw new ConfigError(
      `WEB_CONCURRENCY=${config.webConcurrency} needs a database file: each worker would have its own sqlite::memory:`,
    );
  }
  return Object.freeze({
    ...config,
    corsOrigins: Object.freeze([...config.corsOrigins]),
    lifecycle: Object.freeze({ ...config.lifecycle }),
    auth: Object.freeze({ ...config.auth }),
    mail: Object.freeze({ ...config.mail }),
  });
}

/** Loads `.env` from the working directory into process.env, never overriding what is set. */
export function loadDotEnv(path = '.env'): void {
  if (existsSync(path)) process.loadEnvFile(path);
}
