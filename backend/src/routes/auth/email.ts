import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { requestInfo } from '../../plugins/auth.js';
import { TokenGrantSchema } from '../../schemas/auth.js';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { SET_REFRESH_COOKIE, WithHeaders } from '../../schemas/headers.js';
import {
  InvitationSchema,
  PasswordResetRequestBodySchema,
  TokenBodySchema,
  TokenPasswordBodySchema,
  VerifiedSchema,
} from '../../schemas/mail.js';
import { verifyEmail } from '../../services/email-verification.service.js';
import { acceptInvitation, inspectInvitation } from '../../services/invitations.service.js';
import { confirmPasswordReset, requestPasswordReset } from '../../services/password-reset.service.js';
import { setRefreshCookie } from './cookie.js';

/** Requests to these routes per client address per minute (shared through Redis when set). */
export const MAIL_LINK_RATE_LIMIT = 10;

/**
 * The public side of mailed links (issue 14): what the console's pages call. Every token comes
 * in a POST body; only POSTs that say so spend one, so a mail scanner that fetches a link changes
 * nothing.
 */
const mailLinkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['auth'];
  const config = { public: true, rateLimit: { max: MAIL_LINK_RATE_LIMIT, timeWindow: 60_000 } };
  const limits = ` At most ${MAIL_LINK_RATE_LIMIT} requests a minute from one address (429 with Retry-After).`;

  app.post(
    '/password-reset',
    {
      config,
      schema: {
        tags,
        summary: 'Ask for a password reset link by mail',
        description:
          'Always 202 with the same body, whether the address belongs to an account or not: the ' +
          'mail goes only to an active account, and at most 3 an hour to one address (RESET_TTL: ' +
          'the link works for an hour by default).' +
          limits +
          ' In production without SMTP_URL, 503 `mail_not_configured`.',
        body: PasswordResetRequestBodySchema,
        response: { 202: Envelope(Type.Null()), ...errorResponses(400, 415, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const deps = { mail: app.mailSettings, counters: app.counters };
      await requestPasswordReset(app.db, deps, request.body.email, requestInfo(request));
      void reply.status(202);
      return {
        status: 'success' as const,
        data: null,
        message: 'If an account uses this address, a link to reset its password is on its way',
      };
    },
  );

  app.post(
    '/password-reset/confirm',
    {
      config,
      schema: {
        tags,
        summary: 'Set a new password with a reset link; every session of the account ends',
        description:
          'Spends the link, clears a sign-in lockout. 404 for a link that never was; 409, in plain ' +
          'words, for one expired, used, or ended by a newer link or a password change.' +
          limits,
        body: TokenPasswordBodySchema,
        response: { 200: Envelope(Type.Null()), ...errorResponses(400, 404, 409, 415, 422, 429) },
      },
    },
    async (request) => {
      const deps = { policy: app.passwordPolicy, lockout: app.authSettings.lockout };
      await confirmPasswordReset(app.db, deps, request.body, requestInfo(request));
      return { status: 'success' as const, data: null, message: 'Password changed; sign in with it' };
    },
  );

  app.post(
    '/invitation',
    {
      config,
      schema: {
        tags,
        summary: 'Who invited whom, and whether the invitation link still works (spends nothing)',
        body: TokenBodySchema,
        response: { 200: Envelope(InvitationSchema), ...errorResponses(400, 404, 415, 422, 429) },
      },
    },
    async (request) => ({
      status: 'success' as const,
      data: await inspectInvitation(app.db, request.body.token),
      message: null,
    }),
  );

  app.post(
    '/invitation/accept',
    {
      config,
      schema: {
        tags,
        summary: 'Accept an invitation: choose a password and sign in',
        description:
          'The account becomes active with its address verified; answers as sign-in does. 404 for a ' +
          'link that never was; 409, in plain words, for one expired, used or revoked.' +
          limits,
        body: TokenPasswordBodySchema,
        response: {
          200: WithHeaders(Envelope(TokenGrantSchema), { 'Set-Cookie': SET_REFRESH_COOKIE }),
          ...errorResponses(400, 404, 409, 415, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const grant = await acceptInvitation(
        app.db,
        app.authSettings,
        app.passwordPolicy,
        request.body,
        requestInfo(request),
      );
      setRefreshCookie(reply, grant.refreshToken);
      return { status: 'success' as const, data: grant.body, message: 'Welcome; you are signed in' };
    },
  );

  app.post(
    '/verify-email',
    {
      config,
      schema: {
        tags,
        summary: 'Verify an email address with its mailed link',
        description:
          '404 for a link that never was; 409, in plain words, for one that no longer works.' + limits,
        body: TokenBodySchema,
        response: { 200: Envelope(VerifiedSchema), ...errorResponses(400, 404, 409, 415, 422, 429) },
      },
    },
    async (request) => ({
      status: 'success' as const,
      data: await verifyEmail(app.db, request.body.token, requestInfo(request)),
      message: 'Email address verified',
    }),
  );
};

export default mailLinkRoutes;
