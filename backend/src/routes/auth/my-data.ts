import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actionContext } from '../../plugins/auth.js';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { UserExportSchema } from '../../schemas/lifecycle.js';
import { exportUser } from '../../services/personal-data.service.js';

/** The signed-in person's own data, as the GDPR's right of access asks (issue 16). */
const myDataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me/export',
    {
      schema: {
        tags: ['auth'],
        summary: 'Everything held about you, as one JSON document',
        description: 'The same document as GET /api/v1/users/{id}/export: never a password hash or token.',
        response: { 200: Envelope(UserExportSchema), ...errorResponses(401) },
      },
    },
    async (request) => {
      const data = await exportUser(app.db, actionContext(request).actor.id);
      return { status: 'success' as const, data, message: null };
    },
  );
};

export default myDataRoutes;
