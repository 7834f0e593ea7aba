import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { assertDatabaseAnswers } from '../../services/health.service.js';

const HealthSchema = Envelope(Type.Object({ status: Type.Literal('ok') }));

/** Liveness (the process answers) and readiness (the database answers too). */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/healthz', { schema: { tags: ['operations'], response: { 200: HealthSchema } } }, () => ({
    status: 'success' as const,
    data: { status: 'ok' as const },
    message: null,
  }));

  app.get(
    '/readyz',
    { schema: { tags: ['operations'], response: { 200: HealthSchema, ...errorResponses(503) } } },
    async () => {
      await assertDatabaseAnswers(app.db);
      return { status: 'success' as const, data: { status: 'ok' as const }, message: null };
    },
  );
};

export default healthRoutes;
