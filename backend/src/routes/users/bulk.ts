import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actionContext } from '../../plugins/auth.js';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { WithHeaders } from '../../schemas/headers.js';
import { JobSchema } from '../../schemas/jobs.js';
import {
  BULK_IDS_MAX,
  BulkBodySchema,
  BulkResultSchema,
  IdempotencyKeyHeadersSchema,
} from '../../schemas/users-bulk.js';
import { BULK_JOB_KIND, bulkJobHandler, startBulk, SYNC_LIMIT } from '../../services/users-bulk.service.js';
import { replyAccepted } from '../shared/created.js';

const JOB_LOCATION = {
  type: 'string' as const,
  description: 'The job doing the work: poll it for progress.',
  examples: ['/api/v1/jobs/42'],
};

/** POST /api/v1/users/bulk, and the job kind that carries out the larger ones. */
const usersBulkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.background.handle(BULK_JOB_KIND, bulkJobHandler(app.db));

  app.post(
    '/bulk',
    {
      // Managers reach the route; each action then needs the permission of its single-user route.
      config: {
        permission: 'users:update',
        jsonLimits: { maxDepth: 16, maxValues: BULK_IDS_MAX * 3 + 100 },
      },
      schema: {
        tags: ['users'],
        summary: 'Change many users at once: disable, enable, set a role, end sessions, delete',
        description:
          'Name the users by `ids` or by a `filter` of the list (every user it matches now). Each ' +
          'user is changed all-or-nothing (its own savepoint) under the rules of the single-user route, and ' +
          'reported as changed, unchanged, skipped (with the rule in `code`) or failed. ' +
          '`dry_run: true` answers the same report and changes nothing. Up to ' +
          `${SYNC_LIMIT} users answer 200 with the report; more answer 202 and a job to poll ` +
          '(Location). Every changed user gets one audit event carrying the job id.',
        headers: IdempotencyKeyHeadersSchema,
        body: BulkBodySchema,
        response: {
          200: Envelope(BulkResultSchema),
          202: WithHeaders(Envelope(JobSchema), { Location: JOB_LOCATION }),
          ...errorResponses(400, 401, 403, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      const answer = await startBulk(
        app.db,
        actionContext(request),
        request.body,
        app.background,
        request.headers['idempotency-key'],
      );
      if ('done' in answer) {
        const { dry_run, counts } = answer.done;
        const message = `${dry_run ? 'Dry run: ' : ''}${counts.changed} of ${counts.total} changed`;
        return { status: 'success' as const, data: answer.done, message };
      }
      replyAccepted(reply, `/api/v1/jobs/${answer.queued.id}`);
      return { status: 'success' as const, data: answer.queued, message: 'Started; follow the job' };
    },
  );
};

export default usersBulkRoutes;
