import { createDecoder, createSigner, type SignerOptions } from 'fast-jwt';
import type { Config } from '../../src/config.js';

/** A JWT_SECRET tests pass in env, so they can sign tokens the app should (or should not) accept. */
export const TEST_JWT_SECRET = 'a test secret that is long enough to be accepted 0123456789';

const decode = createDecoder({ complete: true });

export interface DecodedToken {
  header: { alg: string; typ?: string };
  payload: { sub: string; sid: string; iss: string; aud: string; iat: number; exp: number };
}

export const decodeToken = (token: string): DecodedToken => decode(token) as DecodedToken;

/**
 * Signs an access token the way the app does (HS256, its issuer and audience, a minute to
 * live), with `options` changing one thing at a time.
 */
export function forgeToken(
  config: Config,
  claims: Record<string, unknown>,
  options: Partial<SignerOptions> & { key?: string } = {},
): string {
  const signer = createSigner({
    key: config.auth.jwtSecret ?? TEST_JWT_SECRET,
    algorithm: 'HS256',
    iss: config.auth.jwtIssuer,
    aud: config.auth.jwtAudience,
    expiresIn: 60_000,
    ...options,
  });
  return signer({ ...claims });
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (`alg: none`) carrying otherwise valid claims. */
export function unsignedToken(config: Config, claims: Record<string, unknown>): string {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    ...claims,
    iss: config.auth.jwtIssuer,
    aud: config.auth.jwtAudience,
    iat: now,
    exp: now + 60,
  };
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
}
