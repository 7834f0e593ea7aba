import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  Envelope,
  errorResponses,
  IdParamsSchema,
  PageEnvelope,
  PageQuerySchema,
} from '../../schemas/common.js';
import { Type } from '@sinclair/typebox';
import { AddMemberBodySchema, GroupMemberSchema, MemberParamsSchema } from '../../schemas/groups.js';
import { LOCATION, WithHeaders } from '../../schemas/headers.js';
import { actionContext } from '../../plugins/auth.js';
import * as members from '../../services/group-members.service.js';
import { replyCreated } from '../shared/created.js';

/** A group's members: `/api/v1/groups/:id/members`. Managers manage them; viewers read them. */
const groupMembersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['groups'];
  const MemberEnvelope = Envelope(GroupMemberSchema);
  const location = (groupId: number, userId: number) => `/api/v1/groups/${groupId}/members/${userId}`;

  app.get(
    '/:id/members',
    {
      config: { permission: 'groups:read' },
      schema: {
        tags,
        summary: "A group's members by user id, a page at a time",
        description:
          'For members sorted, searched or filtered like any user list, ask `GET /api/v1/users?group=<id>`.',
        params: IdParamsSchema,
        querystring: Type.Object(PageQuerySchema, { additionalProperties: false }),
        response: { 200: PageEnvelope(GroupMemberSchema), ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const page = await members.listMembers(app.db, request.params.id, request.query);
      return { status: 'success' as const, data: page.items, message: null, meta: page.meta };
    },
  );

  app.get(
    '/:id/members/:user_id',
    {
      config: { permission: 'groups:read' },
      schema: {
        tags,
        summary: 'One member: 404 if the user is not in the group',
        params: MemberParamsSchema,
        response: { 200: MemberEnvelope, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => ({
      status: 'success' as const,
      data: await members.getMember(app.db, request.params.id, request.params.user_id),
      message: null,
    }),
  );

  app.post(
    '/:id/members',
    {
      config: { permission: 'groups:manage-members' },
      schema: {
        tags,
        summary: 'Add a user to a group',
        description:
          '201 when the user joins; 200, with nothing recorded, when they already were a member, so ' +
          'a retried request does no harm. 404 for an unknown group or user.',
        params: IdParamsSchema,
        body: AddMemberBodySchema,
        response: {
          200: MemberEnvelope,
          // A membership has no version of its own, so no ETag: only where it lives.
          201: WithHeaders(MemberEnvelope, { Location: LOCATION }),
          ...errorResponses(400, 401, 403, 404, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { user_id: userId } = request.body;
      const { member, added } = await members.addMember(app.db, actionContext(request), id, userId);
      if (added) replyCreated(reply, location(id, userId));
      return {
        status: 'success' as const,
        data: member,
        message: added ? 'Member added' : 'Already a member',
      };
    },
  );

  app.delete(
    '/:id/members/:user_id',
    {
      config: { permission: 'groups:manage-members' },
      schema: {
        tags,
        summary: 'Remove a user from a group',
        params: MemberParamsSchema,
        response: { 200: MemberEnvelope, ...errorResponses(401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { id, user_id: userId } = request.params;
      const member = await members.removeMember(app.db, actionContext(request), id, userId);
      return { status: 'success' as const, data: member, message: 'Member removed' };
    },
  );
};

export default groupMembersRoutes;
