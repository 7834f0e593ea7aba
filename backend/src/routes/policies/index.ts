import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actionContext } from '../../plugins/auth.js';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { JobSchema } from '../../schemas/jobs.js';
import { DormantPreviewQuerySchema, DormantPreviewSchema } from '../../schemas/lifecycle.js';
import * as dormant from '../../services/dormant.service.js';

/** Account policies (issue 16): the dormant-account policy's preview and run. */
const policiesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['policies'];

  app.get(
    '/dormant/preview',
    {
      config: { permission: 'policies:dormant' },
      schema: {
        tags,
        summary: 'Who the dormant-account policy would disable now, and who it would warn',
        description:
          'Counts and the first 100 of each. Works with the policy off: `after_days` tries a limit before DORMANT_AFTER_DAYS is set.',
        querystring: DormantPreviewQuerySchema,
        response: { 200: Envelope(DormantPreviewSchema), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const preview = await dormant.previewDormant(
        app.db,
        app.lifecycle.dormant,
        app.background.now(),
        request.query.after_days,
      );
      return { status: 'success' as const, data: preview, message: null };
    },
  );

  app.post(
    '/dormant/run',
    {
      config: { permission: 'policies:dormant' },
      schema: {
        tags,
        summary: 'Run the dormant-account policy now, as a job',
        description:
          'Answers the job (GET /api/v1/jobs/{id} follows it). Each disable is audited with no actor and the policy as its reason. 409 while the policy is off.',
        response: { 202: Envelope(JobSchema), ...errorResponses(401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { job } = await dormant.requestDormantRun(
        app.db,
        app.lifecycle.dormant,
        actionContext(request).actor,
        app.background.now(),
      );
      void reply.code(202);
      return { status: 'success' as const, data: job, message: 'Dormant-account run queued' };
    },
  );
};

export default policiesRoutes;
