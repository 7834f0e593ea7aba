import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CursorPageMetaSchema,
  Envelope,
  errorResponses,
  IdParamsSchema,
  PageEnvelope,
} from '../../schemas/common.js';
import {
  CreateUserBodySchema,
  ListUsersQuerySchema,
  UpdateUserBodySchema,
  UserSchema,
} from '../../schemas/users.js';
import { Created, IfMatchHeadersSchema, Versioned } from '../../schemas/headers.js';
import { DeleteUserQuerySchema } from '../../schemas/lifecycle.js';
import { actionContext } from '../../plugins/auth.js';
import { listUsers } from '../../services/user-list.service.js';
import * as users from '../../services/users.service.js';
import { replyCreated } from '../shared/created.js';
import { preconditionFrom, setEtag } from '../shared/etag.js';

/** CRUD on users: the seed's `/users/` blueprint. Handlers only translate HTTP to the service. */
const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['users'];
  const UserEnvelope = Envelope(UserSchema);

  app.get(
    '/',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'List users, a page at a time',
        description:
          "Pages by number (`page`) or, in constant time however deep, by `cursor`: a page's " +
          '`meta.next_cursor`, `meta.prev_cursor` or `meta.last_cursor`. `meta.total` is exact ' +
          'unless a search matches more than 1,000 users; then `total_exact` is false and `total` ' +
          'is that lower bound (the last page counts such a search in full).',
        querystring: ListUsersQuerySchema,
        response: { 200: PageEnvelope(UserSchema, CursorPageMetaSchema), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const page = await listUsers(app.db, request.query);
      return { status: 'success' as const, data: page.items, message: null, meta: page.meta };
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'users:read' },
      schema: {
        tags,
        summary: 'Get one user',
        params: IdParamsSchema,
        response: { 200: Versioned(UserEnvelope), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const user = await users.getUser(app.db, request.params.id);
      setEtag(reply, user.version);
      return { status: 'success' as const, data: user, message: null };
    },
  );

  app.post(
    '/',
    {
      config: { permission: 'users:create' },
      schema: {
        tags,
        summary: 'Create a user',
        body: CreateUserBodySchema,
        response: { 201: Created(UserEnvelope), ...errorResponses(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const user = await users.createUser(app.db, actionContext(request), app.passwordPolicy, request.body);
      setEtag(reply, user.version);
      replyCreated(reply, `/api/v1/users/${user.id}`);
      return { status: 'success' as const, data: user, message: 'User created' };
    },
  );

  const updateSchema = {
    tags,
    params: IdParamsSchema,
    headers: IfMatchHeadersSchema,
    body: UpdateUserBodySchema,
    response: {
      200: Versioned(UserEnvelope),
      ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 422),
    },
  };
  for (const method of ['PUT', 'PATCH'] as const) {
    app.route({
      method,
      url: '/:id',
      config: { permission: 'users:update' },
      schema: {
        ...updateSchema,
        summary: 'Update the fields given',
        description:
          'A new email is unverified, and a verification link is mailed to it (when mail is configured).',
      },
      handler: async (request, reply) => {
        const user = await users.updateUser(
          app.db,
          actionContext(request),
          request.params.id,
          request.body,
          preconditionFrom(request),
          undefined,
          app.mailSettings,
        );
        setEtag(reply, user.version);
        return { status: 'success' as const, data: user, message: 'User updated' };
      },
    });
  }

  // Disabling and enabling by name, for clients that say what they mean; PATCH {status} runs
  // the same service code (decision 0129).
  const statusOperations = [
    {
      path: '/:id/disable',
      run: users.disableUser,
      summary: 'Disable a user; their sessions end',
      message: 'User disabled',
    },
    {
      path: '/:id/enable',
      run: users.enableUser,
      summary: 'Enable a disabled user',
      message: 'User enabled',
    },
  ] as const;
  for (const { path, run, summary, message } of statusOperations) {
    app.post(
      path,
      {
        config: { permission: 'users:update' },
        schema: {
          tags,
          summary,
          description: '`If-Match` guards against overlaps, as for PUT.',
          params: IdParamsSchema,
          headers: IfMatchHeadersSchema,
          response: { 200: Versioned(UserEnvelope), ...errorResponses(401, 403, 404, 409, 412, 422) },
        },
      },
      async (request, reply) => {
        const user = await run(app.db, actionContext(request), request.params.id, preconditionFrom(request));
        setEtag(reply, user.version);
        return { status: 'success' as const, data: user, message };
      },
    );
  }

  app.delete(
    '/:id',
    {
      config: { permission: 'users:delete' },
      schema: {
        tags,
        summary: 'Delete a user: into the recycle bin, or for good with purge=true',
        description:
          'The user can no longer sign in, their sessions end, reads answer 404 and lists leave ' +
          'them out; their email stays reserved. An admin restores them within ' +
          'DELETED_RETENTION_DAYS (POST /api/v1/users/{id}/restore), after which the daily purge ' +
          'removes them. `purge=true` (admins) skips the bin.',
        params: IdParamsSchema,
        querystring: DeleteUserQuerySchema,
        headers: IfMatchHeadersSchema,
        response: { 200: UserEnvelope, ...errorResponses(401, 403, 404, 409, 412, 422) },
      },
    },
    async (request) => {
      const user = await users.deleteUser(
        app.db,
        actionContext(request),
        request.params.id,
        preconditionFrom(request),
        { purge: request.query.purge },
      );
      const message = request.query.purge ? 'User deleted for good' : 'User deleted';
      return { status: 'success' as const, data: user, message };
    },
  );
};

export default usersRoutes;
