import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { actionContext } from '../../plugins/auth.js';
import { Envelope, errorResponses, IdParamsSchema } from '../../schemas/common.js';
import { Created, Versioned } from '../../schemas/headers.js';
import { InvitationSentSchema, InviteBodySchema } from '../../schemas/mail.js';
import { UserSchema } from '../../schemas/users.js';
import { resendVerification } from '../../services/email-verification.service.js';
import * as invitations from '../../services/invitations.service.js';
import { replyCreated } from '../shared/created.js';
import { setEtag } from '../shared/etag.js';

const MAIL_OFF =
  ' In production without SMTP_URL it answers 503 with code `mail_not_configured` and changes nothing.';

/** Inviting users, and the mails an admin sends again: invitations and address verification. */
const invitationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['users'];
  const UserEnvelope = Envelope(UserSchema);

  app.post(
    '/invitations',
    {
      config: { permission: 'users:create' },
      schema: {
        tags,
        summary: 'Invite someone by email: the account exists at once, status invited',
        description:
          'The invitation mail carries a one-time link (INVITE_TTL, 7 days by default) to a console ' +
          'page where the invitee chooses a password. 201 for a new account; 200 when the address ' +
          'belongs to an invitee who never accepted (a new link; the old one ends).' +
          MAIL_OFF,
        body: InviteBodySchema,
        response: {
          200: Versioned(UserEnvelope),
          201: Created(UserEnvelope),
          ...errorResponses(400, 401, 403, 409, 413, 415, 422, 503),
        },
      },
    },
    async (request, reply) => {
      const { user, created, expiresAt } = await invitations.inviteUser(
        app.db,
        actionContext(request),
        app.mailSettings,
        app.passwordPolicy,
        request.body,
      );
      setEtag(reply, user.version);
      if (created) replyCreated(reply, `/api/v1/users/${user.id}`);
      const message = `Invitation sent to ${user.email}; the link works until ${expiresAt}`;
      return { status: 'success' as const, data: user, message };
    },
  );

  app.post(
    '/:id/invitation',
    {
      config: { permission: 'users:create' },
      schema: {
        tags,
        summary: 'Send an invitation again: a new link; the last one stops working',
        description: 'Only for users with status invited (409 otherwise).' + MAIL_OFF,
        params: IdParamsSchema,
        response: {
          200: Envelope(InvitationSentSchema),
          ...errorResponses(401, 403, 404, 409, 422, 503),
        },
      },
    },
    async (request) => {
      const sent = await invitations.resendInvitation(
        app.db,
        actionContext(request),
        app.mailSettings,
        request.params.id,
      );
      return {
        status: 'success' as const,
        data: { expires_at: sent.expiresAt },
        message: 'Invitation sent again',
      };
    },
  );

  app.delete(
    '/:id/invitation',
    {
      config: { permission: 'users:create' },
      schema: {
        tags,
        summary: 'Revoke an invitation: its link stops working; the account stays, invited',
        params: IdParamsSchema,
        response: { 200: Envelope(Type.Null()), ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      await invitations.revokeInvitation(app.db, actionContext(request), request.params.id);
      return { status: 'success' as const, data: null, message: 'Invitation revoked' };
    },
  );

  app.post(
    '/:id/verification',
    {
      config: { permission: 'users:update' },
      schema: {
        tags,
        summary: "Mail a link that verifies a user's address (a new one; the last stops working)",
        description: 'Not for a verified address or an invitee (409).' + MAIL_OFF,
        params: IdParamsSchema,
        response: { 200: Envelope(Type.Null()), ...errorResponses(401, 403, 404, 409, 422, 503) },
      },
    },
    async (request) => {
      await resendVerification(app.db, actionContext(request), app.mailSettings, request.params.id);
      return { status: 'success' as const, data: null, message: 'Verification mail sent' };
    },
  );
};

export default invitationRoutes;
