import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actionContext } from '../../plugins/auth.js';
import {
  CredentialsSchema,
  SessionSchema,
  SetPasswordBodySchema,
  UserSessionParamsSchema,
} from '../../schemas/auth.js';
import { Envelope, errorResponses, IdParamsSchema } from '../../schemas/common.js';
import * as account from '../../services/account.service.js';

const Done = Envelope(Type.Null());
const done = (message: string) => ({ status: 'success' as const, data: null, message });

/** What admins see of and do to another user's credentials: password, sessions, lockout. */
const credentialsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['users'];
  const params = IdParamsSchema;

  app.put(
    '/:id/password',
    {
      config: { permission: 'users:set-password' },
      schema: {
        tags,
        summary: "Set a user's password; ends that user's sessions",
        params,
        body: SetPasswordBodySchema,
        response: { 200: Done, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { id } = request.params;
      await account.setPassword(
        app.db,
        actionContext(request),
        app.passwordPolicy,
        id,
        request.body.password,
      );
      return done('Password set; the user was signed out everywhere');
    },
  );

  app.get(
    '/:id/sessions',
    {
      config: { permission: 'sessions:revoke' },
      schema: {
        tags,
        summary: "A user's live sessions",
        params,
        response: { 200: Envelope(Type.Array(SessionSchema)), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => ({
      status: 'success' as const,
      data: await account.listSessions(app.db, request.params.id, request.actor?.sessionId ?? null),
      message: null,
    }),
  );

  app.delete(
    '/:id/sessions',
    {
      config: { permission: 'sessions:revoke' },
      schema: {
        tags,
        summary: 'End every session of a user',
        params,
        response: { 200: Done, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const ended = await account.endUserSessions(app.db, actionContext(request), request.params.id);
      return done(`${ended} session(s) ended`);
    },
  );

  app.delete(
    '/:id/sessions/:session_id',
    {
      config: { permission: 'sessions:revoke' },
      schema: {
        tags,
        summary: 'End one session of a user',
        params: UserSessionParamsSchema,
        response: { 200: Done, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { id, session_id } = request.params;
      await account.endUserSession(app.db, actionContext(request), id, session_id);
      return done('Session ended');
    },
  );

  app.get(
    '/:id/credentials',
    {
      config: { permission: 'users:set-password' },
      schema: {
        tags,
        summary: 'Whether a user has a password, and until when a sign-in lockout holds',
        params,
        response: { 200: Envelope(CredentialsSchema), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => ({
      status: 'success' as const,
      data: await account.credentialsOf(app.db, app.authSettings.lockout, request.params.id),
      message: null,
    }),
  );

  app.delete(
    '/:id/lockout',
    {
      config: { permission: 'users:set-password' },
      schema: {
        tags,
        summary: 'Lift a sign-in lockout',
        params,
        response: { 200: Done, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      await account.clearLockout(app.db, actionContext(request), app.authSettings.lockout, request.params.id);
      return done('Lockout cleared');
    },
  );
};

export default credentialsRoutes;
