import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';

declare module 'fastify' {
  interface FastifySchema {
    /** Cookies a route reads: @fastify/swagger documents them; Fastify does not validate them. */
    cookies?: unknown;
  }
}

export const REFRESH_COOKIE = 'refresh_token';

/** The cookie token renewal reads, for the route's schema. */
export const RefreshCookieSchema = Type.Object({
  [REFRESH_COOKIE]: Type.Optional(
    Type.String({
      description:
        'The refresh token set by sign-in or the last renewal; the browser sends it by itself. ' +
        'Each one works once: a second use of a rotated one ends the session.',
      examples: ['9c1e5d7a0b3f4e2d8c6a1f0e9b7d5c3a'],
    }),
  ),
});
// Sent only to the auth routes that need it, never to the rest of the API or the console.
const COOKIE_PATH = '/api/v1/auth';

export function setRefreshCookie(reply: FastifyReply, token: string): void {
  const { secureCookies, refreshTokenTtl } = reply.server.authSettings;
  void reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: secureCookies,
    path: COOKIE_PATH,
    maxAge: refreshTokenTtl,
  });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  void reply.clearCookie(REFRESH_COOKIE, {
    httpOnly: true,
    sameSite: 'strict',
    secure: reply.server.authSettings.secureCookies,
    path: COOKIE_PATH,
  });
}
