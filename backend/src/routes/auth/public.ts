import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requestInfo } from '../../plugins/auth.js';
import { LoginBodySchema, TokenGrantSchema } from '../../schemas/auth.js';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { CLEAR_REFRESH_COOKIE, SET_REFRESH_COOKIE, WithHeaders } from '../../schemas/headers.js';
import { login, refresh } from '../../services/auth.service.js';
import { clearRefreshCookie, REFRESH_COOKIE, RefreshCookieSchema, setRefreshCookie } from './cookie.js';

/** The two routes served without a token (`public`): sign in, and trade a refresh cookie for a new token. */
const publicAuthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['auth'];
  const GrantEnvelope = WithHeaders(Envelope(TokenGrantSchema), { 'Set-Cookie': SET_REFRESH_COOKIE });
  // Sign-in attempts per client IP, across accounts; account lockouts are counted separately.
  // Refresh has no such limit: valid renewals are never limited, failed ones are counted in
  // the service (decision 0120).
  const rateLimit = { max: app.authSettings.loginRateLimit, timeWindow: 60_000 };

  app.post(
    '/login',
    {
      config: { public: true, rateLimit },
      schema: {
        tags,
        summary: 'Sign in with email and password',
        description:
          'Answers an access token (a JWT to send as `Authorization: Bearer`) and sets the HttpOnly ' +
          '`refresh_token` cookie. Five failures in 15 minutes lock the account (429 with Retry-After).',
        body: LoginBodySchema,
        response: { 200: GrantEnvelope, ...errorResponses(400, 401, 422, 429) },
      },
    },
    async (request, reply) => {
      const grant = await login(app.db, app.authSettings, request.body, requestInfo(request));
      setRefreshCookie(reply, grant.refreshToken);
      return { status: 'success' as const, data: grant.body, message: 'Signed in' };
    },
  );

  app.post(
    '/refresh',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Rotate the refresh cookie and get a new access token',
        description:
          'Valid renewals are not rate limited. Failed ones (a cookie that is unknown, rotated, or ' +
          'of an ended session) are: past LOGIN_RATE_LIMIT a minute from one address, 429 with Retry-After.',
        cookies: RefreshCookieSchema,
        response: {
          200: GrantEnvelope,
          ...errorResponses(429),
          401: WithHeaders(Type.Ref('ErrorEnvelope'), { 'Set-Cookie': CLEAR_REFRESH_COOKIE }),
        },
      },
    },
    async (request, reply) => {
      try {
        const grant = await refresh(
          app.db,
          app.authSettings,
          request.cookies[REFRESH_COOKIE],
          requestInfo(request),
        );
        setRefreshCookie(reply, grant.refreshToken);
        return { status: 'success' as const, data: grant.body, message: null };
      } catch (error) {
        clearRefreshCookie(reply);
        throw error;
      }
    },
  );
};

export default publicAuthRoutes;
