import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actionContext } from '../../plugins/auth.js';
import { Envelope, errorResponses, IdParamsSchema, PageEnvelope } from '../../schemas/common.js';
import { Versioned } from '../../schemas/headers.js';
import {
  BinQuerySchema,
  DeletedUserSchema,
  EraseBodySchema,
  UserExportSchema,
} from '../../schemas/lifecycle.js';
import { UserSchema } from '../../schemas/users.js';
import * as personalData from '../../services/personal-data.service.js';
import * as recycleBin from '../../services/recycle-bin.service.js';
import { setEtag } from '../shared/etag.js';

/**
 * A user's lifecycle past the profile (issue 16): the recycle bin, export and erasure. Under
 * /api/v1/users only; the seed's /users mount has DELETE, which moves to the bin too.
 */
const lifecycleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['users'];

  app.get(
    '/deleted',
    {
      config: { permission: 'users:read-deleted' },
      schema: {
        tags,
        summary: 'The recycle bin: deleted users, most recent first',
        description:
          'Each can be restored until `purge_after` (DELETED_RETENTION_DAYS after deletion); the daily purge removes them after that.',
        querystring: BinQuerySchema,
        response: { 200: PageEnvelope(DeletedUserSchema), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const page = await recycleBin.listDeletedUsers(app.db, app.lifecycle.retentionDays, request.query);
      return { status: 'success' as const, data: page.items, message: null, meta: page.meta };
    },
  );

  app.post(
    '/:id/restore',
    {
      config: { permission: 'users:restore' },
      schema: {
        tags,
        summary: 'Restore a deleted user from the recycle bin',
        description:
          'Every field comes back as it was; sessions stay ended. 409 when another user has taken the email meanwhile.',
        params: IdParamsSchema,
        response: { 200: Versioned(Envelope(UserSchema)), ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const user = await recycleBin.restoreUser(app.db, actionContext(request), request.params.id);
      setEtag(reply, user.version);
      return { status: 'success' as const, data: user, message: 'User restored' };
    },
  );

  app.delete(
    '/deleted/:id',
    {
      config: { permission: 'users:purge' },
      schema: {
        tags,
        summary: 'Remove a deleted user for good, before the daily purge would',
        params: IdParamsSchema,
        response: { 200: Envelope(Type.Null()), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      await recycleBin.purgeDeletedUser(app.db, actionContext(request), request.params.id);
      return { status: 'success' as const, data: null, message: 'User deleted for good' };
    },
  );

  app.get(
    '/:id/export',
    {
      config: { permission: 'users:export' },
      schema: {
        tags,
        summary: 'Everything held about a user, as one JSON document (GDPR art. 15 and 20)',
        description:
          'Profile, role and status history, groups, sessions, audit events where they are the actor or the target, and the messages sent to them (without contents). Never a password hash or token. Also for a user in the recycle bin. Audited.',
        params: IdParamsSchema,
        response: { 200: Envelope(UserExportSchema), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const data = await personalData.exportUserRecorded(app.db, actionContext(request), request.params.id);
      return { status: 'success' as const, data, message: null };
    },
  );

  app.post(
    '/:id/erase',
    {
      config: { permission: 'users:erase' },
      schema: {
        tags,
        summary: 'Erase a user for good (GDPR art. 17)',
        description:
          'Removes the user (live or in the recycle bin) and their sessions, and rewrites every audit event about them so their name, email and addresses read "[erased]"; the events, their times and actors stay. One transaction; one `user.erased` event. `confirm` must be the user\'s email.',
        params: IdParamsSchema,
        body: EraseBodySchema,
        response: { 200: Envelope(Type.Null()), ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request) => {
      await personalData.eraseUser(app.db, actionContext(request), request.params.id, request.body.confirm);
      return { status: 'success' as const, data: null, message: 'User erased' };
    },
  );
};

export default lifecycleRoutes;
