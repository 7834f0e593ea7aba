import { createSigner, createVerifier } from 'fast-jwt';
import { createHash, randomBytes } from 'node:crypto';

/** Access tokens: HS256 JWTs naming the user (`sub`) and the session (`sid`). */
export interface AccessClaims {
  sub: string;
  sid: string;
}

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface AccessTokens {
  sign(claims: AccessClaims): string;
  /** Throws on a bad signature, another algorithm (`none` included), issuer, audience or expiry. */
  verify(token: string): AccessClaims;
}

export function accessTokens(settings: TokenSettings): AccessTokens {
  const signer = createSigner({
    key: settings.secret,
    algorithm: 'HS256',
    iss: settings.issuer,
    aud: settings.audience,
    expiresIn: settings.ttlSeconds * 1000,
  });
  const verifier = createVerifier({
    key: settings.secret,
    algorithms: ['HS256'],
    allowedIss: settings.issuer,
    allowedAud: settings.audience,
    requiredClaims: ['exp', 'sub', 'sid', 'iss', 'aud'],
    clockTolerance: 5000,
    // Every request verifies its token; a token seen before is found by its hash instead of
    // checking its HMAC and claims again (expiry still applies). Sessions are checked apart.
    cache: 1000,
  });
  return {
    sign: (claims) => signer({ ...claims }),
    verify: (token) => {
      const payload = verifier(token) as Partial<AccessClaims>;
      if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') {
        throw new Error('token claims are malformed');
      }
      return { sub: payload.sub, sid: payload.sid };
    },
  };
}

/** 256 random bits for a refresh token; 128 for a session id. */
export const newRefreshToken = (): string => randomBytes(32).toString('base64url');
export const newSessionId = (): string => randomBytes(16).toString('hex');

/** Refresh tokens are stored only as this hash; 256 random bits need no slow hash. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
