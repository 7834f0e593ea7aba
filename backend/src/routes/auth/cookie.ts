import type { FastifyReply } from 'fastify';

export const REFRESH_COOKIE = 'refresh_token';
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
