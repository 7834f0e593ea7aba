import { ConfigError, integer, read, type Env, type NodeEnv } from './read.js';

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

export function parseAuth(env: Env, nodeEnv: NodeEnv): AuthConfig {
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
