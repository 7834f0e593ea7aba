import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { ListOutboxQuerySchema, OutboxMailSchema } from '../../schemas/mail.js';
import { listOutboxMail } from '../../services/mail.service.js';

/** The mail outbox for admins: recent mails, their state, tries and last error; never their links. */
const mailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/outbox',
    {
      config: { permission: 'mail:read-outbox' },
      schema: {
        tags: ['mail'],
        summary: 'Recent mails, newest first: kind, recipient, state, tries, last error',
        description:
          'A temporary SMTP failure (4xx, no connection) is retried after 30 s, doubling to an ' +
          'hour, eight tries in all; a permanent one (5xx) fails at once. The link a mail carries ' +
          'is never shown. Page with `before` (the last id of the previous page).',
        querystring: ListOutboxQuerySchema,
        response: { 200: Envelope(Type.Array(OutboxMailSchema)), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const { state, before, limit } = request.query;
      const data = await listOutboxMail(app.db, { state, before, limit: limit ?? 50 });
      return { status: 'success' as const, data, message: null };
    },
  );
};

export default mailRoutes;
