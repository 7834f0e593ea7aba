import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actionContext } from '../../plugins/auth.js';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { OverviewSchema } from '../../schemas/overview.js';
import { overview } from '../../services/overview.service.js';

/** The console's home: counts, sign-ins per day, locked accounts and the newest changes. */
const overviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      config: { permission: 'users:read' },
      schema: {
        tags: ['overview'],
        summary: 'Users by status and role, sign-ins per day, locked accounts, recent changes',
        description:
          'Counts come from counters kept by the database, so the answer costs the same at any size. ' +
          'Locked accounts need users:set-password and recent changes audit:read; without them those are null.',
        response: { 200: Envelope(OverviewSchema), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({
      status: 'success' as const,
      data: await overview(app.db, app.authSettings.lockout, actionContext(request).actor),
      message: null,
    }),
  );
};

export default overviewRoutes;
