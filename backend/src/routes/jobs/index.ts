import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { actionContext } from '../../plugins/auth.js';
import { Envelope, errorResponses, IdParamsSchema, PageEnvelope } from '../../schemas/common.js';
import { Type } from '@sinclair/typebox';
import {
  JobItemSchema,
  JobSchema,
  ListJobItemsQuerySchema,
  ListJobsQuerySchema,
} from '../../schemas/jobs.js';
import * as jobs from '../../services/jobs.service.js';

/**
 * Jobs: long work such as bulk changes, imports and the daily runs. A signed-in user sees and
 * cancels their own jobs; an admin everyone's (decision 0152).
 */
const jobsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['jobs'];
  const JobEnvelope = Envelope(JobSchema);

  app.get(
    '/',
    {
      schema: {
        tags,
        summary: 'Your jobs, newest first (everyone’s with `all=true`, for admins)',
        querystring: ListJobsQuerySchema,
        response: { 200: PageEnvelope(JobSchema), ...errorResponses(401, 403, 422) },
      },
    },
    async (request) => {
      const page = await jobs.listJobs(app.db, actionContext(request).actor, request.query);
      return { status: 'success' as const, data: page.items, message: null, meta: page.meta };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        tags,
        summary: 'One job: its state, progress and result',
        description: 'Poll it to follow progress. Another user’s job is not found unless you are an admin.',
        params: IdParamsSchema,
        response: { 200: JobEnvelope, ...errorResponses(401, 404, 422) },
      },
    },
    async (request) => {
      const job = await jobs.getJob(app.db, actionContext(request).actor, request.params.id);
      return { status: 'success' as const, data: job, message: null };
    },
  );

  app.get(
    '/:id/items',
    {
      schema: {
        tags,
        summary: 'A page of a job’s per-item report',
        description:
          'In item order, `after` the `seq` of the previous page’s last item (`meta.next_after`). ' +
          '`outcome=skipped,failed` lists the problems only.',
        params: IdParamsSchema,
        querystring: ListJobItemsQuerySchema,
        response: {
          200: Type.Object({
            status: Type.Literal('success'),
            data: Type.Array(JobItemSchema),
            message: Type.Null(),
            meta: Type.Object({
              next_after: Type.Union([Type.Integer(), Type.Null()], {
                description: 'Pass as `after` for the next page; null on the last',
              }),
            }),
          }),
          ...errorResponses(401, 404, 422),
        },
      },
    },
    async (request) => {
      const { actor } = actionContext(request);
      const page = await jobs.listJobItems(app.db, actor, request.params.id, request.query);
      return {
        status: 'success' as const,
        data: page.items,
        message: null,
        meta: { next_after: page.next_after },
      };
    },
  );

  app.get(
    '/:id/report',
    {
      schema: {
        tags,
        summary: 'A job’s per-item report as CSV',
        description:
          'Columns `seq,ref,outcome,code,message`, one line per item done so far, streamed. Cells ' +
          'a spreadsheet would run as a formula start with an apostrophe.',
        params: IdParamsSchema,
        response: {
          200: {
            description: 'The report',
            content: { 'text/csv': { schema: Type.String({ description: 'CSV, header row first' }) } },
          },
          ...errorResponses(401, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const { job, csv } = await jobs.jobReport(app.db, actionContext(request).actor, request.params.id);
      void reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="job-${job.id}-report.csv"`);
      // The stream is the CSV text of the schema, sent as it is read.
      return reply.send(csv as unknown as string);
    },
  );

  app.post(
    '/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a job',
        description:
          'A queued job is cancelled at once; a running one stops before its next item, and what ' +
          'it has done stays done. A job that has ended answers 409.',
        params: IdParamsSchema,
        response: { 200: JobEnvelope, ...errorResponses(401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const job = await jobs.cancelJob(app.db, actionContext(request), request.params.id);
      return { status: 'success' as const, data: job, message: 'Cancel requested' };
    },
  );
};

export default jobsRoutes;
