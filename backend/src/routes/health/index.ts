import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { assertDatabaseAnswers } from '../../services/health.service.js';

const HealthSchema = Envelope(Type.Object({ status: Type.Literal('ok') }));

/** Liveness (the process answers) and readiness (the database answers too). */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['operations'];
  app.get(
    '/healthz',
    {
      schema: {
        tags,
        summary: 'Liveness: the process answers',
        description:
          'No token needed. Answers 200 as long as the process serves requests, whatever the database does.',
        response: { 200: HealthSchema },
      },
    },
    () => ({
      status: 'success' as const,
      data: { status: 'ok' as const },
      message: null,
    }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags,
        summary: 'Readiness: the database answers too',
        description: 'No token needed. For a load balancer: 503 while the database does not answer.',
        response: { 200: HealthSchema, ...errorResponses(503) },
      },
    },
    async () => {
      await assertDatabaseAnswers(app.db);
      return { status: 'success' as const, data: { status: 'ok' as const }, message: null };
    },
  );
};

export default healthRoutes;
