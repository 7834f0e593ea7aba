import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { ConfigError, integer, read, type Env } from './read.js';

// How the server meets the world: browsers' origins, processes, proxies, Redis, metrics.

/** Fastify's trustProxy: false, true, a hop count, or the proxies' addresses and CIDRs. */
export type TrustProxy = boolean | number | readonly string[];

export function parseOrigins(env: Env): string[] {
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

export function parseConcurrency(env: Env): number {
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

export function parseTrustProxy(env: Env): TrustProxy {
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

export function parseRedisUrl(env: Env): string | null {
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

export function parseRedisPrefix(env: Env): string {
  const raw = read(env, 'REDIS_PREFIX') ?? 'ums:';
  if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(raw)) {
    throw new ConfigError(`REDIS_PREFIX="${raw}" is invalid: expected 1 to 64 of A-Z a-z 0-9 : _ . -`);
  }
  return raw;
}

export function parseMetricsToken(env: Env): string | null {
  const raw = read(env, 'METRICS_TOKEN');
  if (raw === undefined) return null;
  if (raw.length < 16 || /\s/.test(raw)) {
    throw new ConfigError('METRICS_TOKEN is invalid: expected at least 16 characters with no spaces');
  }
  return raw;
}
