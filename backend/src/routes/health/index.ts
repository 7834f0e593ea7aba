import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ping } from '../../db/dialect.js';
import { UnavailableError } from '../../errors.js';
import { Envelope, errorResponses } from '../../schemas/common.js';

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
    async (request) => {
      try {
        await ping(app.db);
      } catch (error) {
        request.log.error({ err: error }, 'database is not answering');
        throw new UnavailableError('The database is not answering');
      }
      return { status: 'success' as const, data: { status: 'ok' as const }, message: null };
    },
  );
};

export default healthRoutes;
