import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';

/**
 * Configuration, read once from the environment (and an optional `.env`), validated and frozen.
 * A bad value throws a ConfigError whose message is one line naming the variable and what it
 * accepts; server.ts prints that line and exits.
 */

export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly path: string; readonly url: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly poolSize: number };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly nodeEnv: 'development' | 'production' | 'test';
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
  readonly trustProxy: boolean | number | readonly string[];
  /** Shared counters (rate limits, lockouts) live here when set; per process otherwise. */
  readonly redisUrl: string | null;
  /** Put before every Redis key, so apps or environments can share one Redis. */
  readonly redisPrefix: string;
  /** Bearer token that opens /metrics; without it /metrics is not served. */
  readonly metricsToken: string | null;
  /** Whether this process delivers the outbox and runs jobs (BACKGROUND_WORK, on by default). */
  readonly backgroundWork: boolean;
  /**
   * How long a claim on a job or a message holds before another worker may take it over, in seconds
   * (BACKGROUND_LEASE_SECONDS): how soon the work of a process that died goes on elsewhere.
   */
  readonly backgroundLeaseSeconds: number;
  readonly lifecycle: LifecycleConfig;
  readonly auth: AuthConfig;
  readonly mail: MailConfig;
}

export interface MailConfig {
  /**
   * How mail leaves: `smtp` through SMTP_URL; `console`, printed to the terminal (development
   * and tests without SMTP_URL); `off` in production without SMTP_URL, where the routes that
   * would send mail answer 503 mail_not_configured.
   */
  readonly transport: 'smtp' | 'console' | 'off';
  readonly smtpUrl: string | null;
  readonly from: string;
  /** The console's address, without a trailing slash: links in mail start with it. */
  readonly publicUrl: string;
  /** seconds an invitation link holds */
  readonly inviteTtl: number;
  /** seconds a password reset link holds */
  readonly resetTtl: number;
  /** Sign-in refuses accounts whose email is not verified. */
  readonly requireVerifiedEmail: boolean;
}

/** Account lifecycle (docs/data-protection.md). */
export interface LifecycleConfig {
  /** DORMANT_AFTER_DAYS: idle accounts are disabled after this many days; null (0 or unset): never */
  readonly dormantAfterDays: number | null;
  /** DORMANT_WARN_DAYS: the warning goes out this many days before */
  readonly dormantWarnDays: number;
  /** DELETED_RETENTION_DAYS: a deleted user can be restored this long, then is purged */
  readonly deletedRetentionDays: number;
}

export interface AuthConfig {
  /** HS256 key; null outside production until server.ts supplies the one kept under ./data/. */
  readonly jwtSecret: string | null;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  /** seconds */
  readonly accessTokenTtl: number;
  /** seconds */
  readonly refreshTokenTtl: number;
  readonly passwordMinLength: number;
  readonly adminEmail: string | null;
  readonly adminPassword: string | null;
  /** sign-in attempts one IP may make per minute, across accounts */
  readonly loginRateLimit: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const NODE_ENVS = ['development', 'production', 'test'] as const;

function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name}="${raw}" is invalid: expected an integer from ${min} to ${max}`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (/^(true|1|yes|on)$/i.test(raw)) return true;
  if (/^(false|0|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name}="${raw}" is invalid: expected true or false`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = read(env, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(`${name}="${raw}" is invalid: expected one of ${allowed.join(', ')}`);
  }
  return raw as T;
}

/** A URL fit for an error message: another scheme's URL (mysql://u:pw@h) may hold a password too. */
function withoutPassword(url: string): string {
  return url.replace(/^([^:/?#]+:\/\/[^:/?#@]*):[^/?#]*@/, '$1:***@');
}

function parseDatabase(env: Env): DatabaseConfig {
  const url = read(env, 'DATABASE_URL') ?? 'sqlite:./data/app.db';
  const poolSize = integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000);
  if (url.startsWith('sqlite:')) {
    // sqlite:./a.db and sqlite:/abs.db as written; the URL forms sqlite://a.db and
    // sqlite:///abs.db drop the two slashes of the empty authority.
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === '') {
      throw new ConfigError(`DATABASE_URL="${url}" is invalid: expected sqlite:<path> or sqlite::memory:`);
    }
    return { dialect: 'sqlite', path, url };
  }
  if (/^postgres(ql)?:\/\/.+/.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError(`DATABASE_URL is invalid: not a parsable postgres:// URL`);
    }
    return { dialect: 'postgres', url, poolSize };
  }
  throw new ConfigError(
    `DATABASE_URL="${withoutPassword(url)}" is invalid: expected sqlite:<path> or postgres://user@host:port/database`,
  );
}

function parseOrigins(env: Env): string[] {
  const raw = read(env, 'CORS_ORIGINS');
  if (raw === undefined) return [];
  return raw.split(',').map((part) => {
    const origin = part.trim();
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError(
        `CORS_ORIGINS has "${origin}": expected a comma-separated list of origins such as http://127.0.0.1:5500`,
      );
    }
    if (parsed.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError(
        `CORS_ORIGINS has "${origin}": expected an origin (scheme, host and port) with no path`,
      );
    }
    return parsed.origin;
  });
}

function parseConcurrency(env: Env): number {
  const raw = read(env, 'WEB_CONCURRENCY');
  if (raw?.toLowerCase() === 'auto') return availableParallelism();
  if (raw !== undefined && !/^\d+$/.test(raw)) {
    throw new ConfigError(`WEB_CONCURRENCY="${raw}" is invalid: expected auto or an integer from 1 to 64`);
  }
  return integer(env, 'WEB_CONCURRENCY', 1, 1, 64);
}

// proxy-addr's names for address ranges, accepted by Fastify's trustProxy.
const PROXY_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (PROXY_RANGES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function parseTrustProxy(env: Env): Config['trustProxy'] {
  const raw = read(env, 'TRUST_PROXY');
  if (raw === undefined || /^(false|0|no|off)$/i.test(raw)) return false;
  if (/^(true|yes|on)$/i.test(raw)) return true;
  if (/^\d+$/.test(raw)) return integer(env, 'TRUST_PROXY', 1, 1, 10);
  const entries = raw.split(',').map((part) => part.trim());
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined) {
    throw new ConfigError(
      `TRUST_PROXY has "${bad}": expected true, false, a hop count, or proxy addresses/CIDRs such as 10.0.0.0/8`,
    );
  }
  return Object.freeze(entries);
}

function parseRedisUrl(env: Env): string | null {
  const raw = read(env, 'REDIS_URL');
  if (raw === undefined) return null;
  let valid = false;
  try {
    valid = ['redis:', 'rediss:'].includes(new URL(raw).protocol);
  } catch {
    valid = false;
  }
  // The URL may hold a password, so it is not repeated in the message.
  if (!valid)
    throw new ConfigError('REDIS_URL is invalid: expected redis://[:password@]host:port[/db] or rediss://');
  return raw;
}

function parseRedisPrefix(env: Env): string {
  const raw = read(env, 'REDIS_PREFIX') ?? 'ums:';
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(raw)) {
    throw new ConfigError(`REDIS_PREFIX="${raw}" is invalid: expected 1 to 64 of A-Z a-z 0-9 : _ . -`);
  }
  return raw;
}

function parseMetricsToken(env: Env): string | null {
  const raw = read(env, 'METRICS_TOKEN');
  if (raw === undefined) return null;
  if (raw.length < 16 || /\s/.test(raw)) {
    throw new ConfigError('METRICS_TOKEN is invalid: expected at least 16 characters with no spaces');
  }
  return raw;
}

function parseAuth(env: Env, nodeEnv: Config['nodeEnv']): AuthConfig {
  const jwtSecret = read(env, 'JWT_SECRET') ?? null;
  if (jwtSecret !== null && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET is too short: expected at least 32 characters');
  }
  if (nodeEnv === 'production' && jwtSecret === null) {
    throw new ConfigError('JWT_SECRET is required when NODE_ENV=production: expected at least 32 characters');
  }
  const adminEmail = read(env, 'ADMIN_EMAIL') ?? null;
  const adminPassword = env.ADMIN_PASSWORD && env.ADMIN_PASSWORD !== '' ? env.ADMIN_PASSWORD : null;
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD go together: set both or neither');
  }
  return {
    jwtSecret,
    jwtIssuer: read(env, 'JWT_ISSUER') ?? 'user-management-system',
    jwtAudience: read(env, 'JWT_AUDIENCE') ?? 'user-management-system',
    accessTokenTtl: integer(env, 'ACCESS_TOKEN_TTL', 15 * 60, 30, 24 * 3600),
    refreshTokenTtl: integer(env, 'REFRESH_TOKEN_TTL', 14 * 24 * 3600, 60, 365 * 24 * 3600),
    passwordMinLength: integer(env, 'PASSWORD_MIN_LENGTH', 12, 8, 128),
    adminEmail,
    adminPassword,
    loginRateLimit: integer(env, 'LOGIN_RATE_LIMIT', 30, 30, 100_000),
  };
}

function parseSmtpUrl(env: Env): string | null {
  const raw = read(env, 'SMTP_URL');
  if (raw === undefined) return null;
  let valid = false;
  try {
    const url = new URL(raw);
    valid = ['smtp:', 'smtps:'].includes(url.protocol) && url.hostname !== '';
  } catch {
    valid = false;
  }
  // The URL may hold a password, so it is not repeated in the message.
  if (!valid) throw new ConfigError('SMTP_URL is invalid: expected smtp://[user:pass@]host:port or smtps://');
  return raw;
}

function parsePublicUrl(env: Env, nodeEnv: Config['nodeEnv'], port: number, smtp: boolean): string {
  const raw = read(env, 'PUBLIC_URL');
  if (raw === undefined) {
    if (nodeEnv === 'production' && smtp) {
      throw new ConfigError(
        'PUBLIC_URL is required when SMTP_URL is set in production: the address of the console, used in links',
      );
    }
    return `http://127.0.0.1:${port}`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`PUBLIC_URL="${raw}" is invalid: expected an http:// or https:// address`);
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.search !== '' || url.hash !== '') {
    throw new ConfigError(
      `PUBLIC_URL="${raw}" is invalid: expected an http:// or https:// address with no query`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

function parseMail(env: Env, nodeEnv: Config['nodeEnv'], port: number): MailConfig {
  const smtpUrl = parseSmtpUrl(env);
  const from = read(env, 'MAIL_FROM') ?? 'User Management <no-reply@localhost>';
  if (/[\r\n]/.test(from) || !/@/.test(from)) {
    throw new ConfigError(`MAIL_FROM is invalid: expected an address such as "Name <no-reply@example.com>"`);
  }
  return {
    transport: smtpUrl ? 'smtp' : nodeEnv === 'production' ? 'off' : 'console',
    smtpUrl,
    from,
    publicUrl: parsePublicUrl(env, nodeEnv, port, smtpUrl !== null),
    inviteTtl: integer(env, 'INVITE_TTL', 7 * 24 * 3600, 300, 90 * 24 * 3600),
    resetTtl: integer(env, 'RESET_TTL', 3600, 300, 7 * 24 * 3600),
    requireVerifiedEmail: boolean(env, 'REQUIRE_VERIFIED_EMAIL', false),
  };
}

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
    backgroundWork: boolean(env, 'BACKGROUND_WORK', true),
    backgroundLeaseSeconds: integer(env, 'BACKGROUND_LEASE_SECONDS', 60, 2, 3600),
    lifecycle: {
      dormantAfterDays: integer(env, 'DORMANT_AFTER_DAYS', 0, 0, 36500) || null,
      dormantWarnDays: integer(env, 'DORMANT_WARN_DAYS', 7, 0, 365),
      deletedRetentionDays: integer(env, 'DELETED_RETENTION_DAYS', 30, 0, 3650),
    },
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
