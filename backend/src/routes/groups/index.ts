import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Envelope, errorResponses, IdParamsSchema, PageEnvelope } from '../../schemas/common.js';
import {
  CreateGroupBodySchema,
  GroupSchema,
  ListGroupsQuerySchema,
  UpdateGroupBodySchema,
} from '../../schemas/groups.js';
import { Created, IfMatchHeadersSchema, Versioned } from '../../schemas/headers.js';
import { actionContext } from '../../plugins/auth.js';
import * as groups from '../../services/groups.service.js';
import { replyCreated } from '../shared/created.js';
import { preconditionFrom, setEtag } from '../shared/etag.js';

/** CRUD on groups. Handlers only translate HTTP to the service. Members: members.ts. */
const groupsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['groups'];
  const GroupEnvelope = Envelope(GroupSchema);

  app.get(
    '/',
    {
      config: { permission: 'groups:read' },
      schema: {
        tags,
        summary: 'List groups in name order, a page at a time',
        description:
          '`q` finds groups whose name contains it, in any case; `member` lists one user’s groups.',
        querystring: ListGroupsQuerySchema,
        response: { 200: PageEnvelope(GroupSchema), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const page = await groups.listGroups(app.db, request.query);
      return { status: 'success' as const, data: page.items, message: null, meta: page.meta };
    },
  );

  app.get(
    '/:id',
    {
      config: { permission: 'groups:read' },
      schema: {
        tags,
        summary: 'Get one group',
        params: IdParamsSchema,
        response: { 200: Versioned(GroupEnvelope), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const group = await groups.getGroup(app.db, request.params.id);
      setEtag(reply, group.version);
      return { status: 'success' as const, data: group, message: null };
    },
  );

  app.post(
    '/',
    {
      config: { permission: 'groups:write' },
      schema: {
        tags,
        summary: 'Create a group',
        description: 'A name that differs from another group’s only in case is taken (409).',
        body: CreateGroupBodySchema,
        response: { 201: Created(GroupEnvelope), ...errorResponses(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      const group = await groups.createGroup(app.db, actionContext(request), request.body);
      setEtag(reply, group.version);
      replyCreated(reply, `/api/v1/groups/${group.id}`);
      return { status: 'success' as const, data: group, message: 'Group created' };
    },
  );

  for (const method of ['PUT', 'PATCH'] as const) {
    app.route({
      method,
      url: '/:id',
      config: { permission: 'groups:write' },
      schema: {
        tags,
        summary: 'Update the fields given',
        description: '`If-Match` with the ETag of the copy changed answers 412 if it is stale.',
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        body: UpdateGroupBodySchema,
        response: {
          200: Versioned(GroupEnvelope),
          ...errorResponses(400, 401, 403, 404, 409, 412, 413, 415, 422),
        },
      },
      handler: async (request, reply) => {
        const group = await groups.updateGroup(
          app.db,
          actionContext(request),
          request.params.id,
          request.body,
          preconditionFrom(request),
        );
        setEtag(reply, group.version);
        return { status: 'success' as const, data: group, message: 'Group updated' };
      },
    });
  }

  app.delete(
    '/:id',
    {
      config: { permission: 'groups:write' },
      schema: {
        tags,
        summary: 'Delete a group; its memberships end',
        params: IdParamsSchema,
        headers: IfMatchHeadersSchema,
        response: { 200: GroupEnvelope, ...errorResponses(401, 403, 404, 412, 422) },
      },
    },
    async (request) => {
      const group = await groups.deleteGroup(
        app.db,
        actionContext(request),
        request.params.id,
        preconditionFrom(request),
      );
      return { status: 'success' as const, data: group, message: 'Group deleted' };
    },
  );
};

export default groupsRoutes;
