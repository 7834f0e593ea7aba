import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditCatalogSchema } from '../../schemas/audit.js';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { auditCatalog } from '../../services/audit.service.js';

/** What the audit log's actions and target types are called (services/audit-actions.ts). */
const auditActionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/actions',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'The actions events record and the types of thing they are about, with labels',
        description:
          "Every action an event's `action` can hold, in the order resources registered them, with " +
          'what to show for it and the type of thing its events name in `target_type`.',
        response: { 200: Envelope(AuditCatalogSchema), ...errorResponses(401, 403) },
      },
    },
    async () => ({ status: 'success' as const, data: auditCatalog(), message: null }),
  );
};

export default auditActionsRoutes;
