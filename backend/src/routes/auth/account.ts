import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actionContext } from '../../plugins/auth.js';
import {
  ChangePasswordBodySchema,
  MeSchema,
  SessionParamsSchema,
  SessionSchema,
  UpdateMeBodySchema,
} from '../../schemas/auth.js';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { CLEAR_REFRESH_COOKIE, Versioned, WithHeaders } from '../../schemas/headers.js';
import { UserSchema } from '../../schemas/users.js';
import * as account from '../../services/account.service.js';
import { setEtag } from '../shared/etag.js';
import { clearRefreshCookie } from './cookie.js';

const Done = Envelope(Type.Null());
const done = (message: string) => ({ status: 'success' as const, data: null, message });

/** The signed-in user's own account: profile, password, sessions, sign-out. */
const accountRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['auth'];
  const pending = { allowPendingPasswordChange: true };

  app.post(
    '/logout',
    {
      config: pending,
      schema: {
        tags,
        summary: 'Sign out: end this session',
        response: { 200: WithHeaders(Done, { 'Set-Cookie': CLEAR_REFRESH_COOKIE }), ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      const ctx = actionContext(request);
      await account.endMySession(app.db, ctx, ctx.actor.sessionId, 'auth.logout');
      clearRefreshCookie(reply);
      return done('Signed out');
    },
  );

  app.get(
    '/me',
    {
      config: pending,
      schema: {
        tags,
        summary: 'Who I am and what I may do',
        response: { 200: Envelope(MeSchema), ...errorResponses(401) },
      },
    },
    async (request) => ({
      status: 'success' as const,
      data: await account.me(app.db, actionContext(request).actor.id),
      message: null,
    }),
  );

  app.patch(
    '/me',
    {
      schema: {
        tags,
        summary: 'Change my name',
        body: UpdateMeBodySchema,
        response: { 200: Versioned(Envelope(UserSchema)), ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const user = await account.renameMe(app.db, actionContext(request), request.body.name);
      setEtag(reply, user.version);
      return { status: 'success' as const, data: user, message: 'Profile updated' };
    },
  );

  app.put(
    '/me/password',
    {
      config: pending,
      schema: {
        tags,
        summary: 'Change my password; my other sessions end',
        body: ChangePasswordBodySchema,
        response: { 200: Done, ...errorResponses(400, 401, 422, 429) },
      },
    },
    async (request) => {
      const { current_password, new_password } = request.body;
      await account.changeMyPassword(
        app.db,
        actionContext(request),
        app.authSettings.lockout,
        app.passwordPolicy,
        current_password,
        new_password,
      );
      return done('Password changed; your other sessions were ended');
    },
  );

  app.get(
    '/sessions',
    {
      schema: {
        tags,
        summary: 'My live sessions',
        response: { 200: Envelope(Type.Array(SessionSchema)), ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const { actor } = actionContext(request);
      return {
        status: 'success' as const,
        data: await account.listSessions(app.db, actor.id, actor.sessionId),
        message: null,
      };
    },
  );

  app.delete(
    '/sessions/:id',
    {
      schema: {
        tags,
        summary: 'End one of my sessions',
        params: SessionParamsSchema,
        response: { 200: Done, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      await account.endMySession(app.db, actionContext(request), request.params.id);
      return done('Session ended');
    },
  );
};

export default accountRoutes;
