import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditEventSchema, ListAuditQuerySchema } from '../../schemas/audit.js';
import { errorResponses, PageEnvelope } from '../../schemas/common.js';
import { listEvents } from '../../services/audit.service.js';

/** The audit log: read-only, newest first. No route updates or deletes an event. */
const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first',
        querystring: ListAuditQuerySchema,
        response: { 200: PageEnvelope(AuditEventSchema), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const page = await listEvents(app.db, request.query);
      return { status: 'success' as const, data: page.items, message: null, meta: page.meta };
    },
  );
};

export default auditRoutes;
