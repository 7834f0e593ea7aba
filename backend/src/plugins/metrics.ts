import type { FastifyInstance } from 'fastify';
import cluster from 'node:cluster';
import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { poolStats } from '../db/dialect.js';
import { UnauthenticatedError } from '../errors.js';
import { errorResponses } from '../schemas/common.js';
import { askPrimary, metricsContentType, shareWithPrimary } from '../metrics/cluster-metrics.js';

/** Bucket bounds in seconds: API answers are expected in milliseconds, a slow one in seconds. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Metrics of this process: requests, database connections, and Node's own (memory, event loop). */
function createRegistry(app: FastifyInstance): { registry: Registry; duration: Histogram; inFlight: Gauge } {
  // One registry per app, so tests can build many apps in one process.
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer a request, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const inFlight = new Gauge({
    name: 'http_requests_in_flight',
    help: 'Requests received and not yet answered',
    registers: [registry],
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database connections by state (SQLite: one connection, no pool)',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const stats = poolStats(app.db);
      if (!stats) return;
      this.set({ state: 'max' }, stats.max);
      this.set({ state: 'total' }, stats.total);
      if (stats.idle !== null) this.set({ state: 'idle' }, stats.idle);
      if (stats.waiting !== null) this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  return { registry, duration, inFlight };
}

const metricsRouteSchema = {
  tags: ['operations'],
  summary: "Prometheus metrics of the server (all workers')",
  description:
    "Prometheus's text format: request durations by route and status, requests in flight, " +
    "database connections, and Node's own. Served only when METRICS_TOKEN is set, and only to " +
    '`Authorization: Bearer <METRICS_TOKEN>`; the access tokens of users do not open it.',
  // Its own token, not the bearer token of the API (plugins/auth.ts leaves a given `security` alone).
  security: [{ metricsToken: [] }],
  produces: ['text/plain'],
  response: {
    200: { description: 'Metrics in the Prometheus text format 0.0.4', type: 'string' },
    ...errorResponses(401),
  },
};

/**
 * GET /metrics in Prometheus's text format, only with `Authorization: Bearer METRICS_TOKEN`.
 * Without a token configured nothing is collected and the route does not exist (404).
 */
export async function installMetrics(app: FastifyInstance, token: string | null): Promise<void> {
  if (token === null) return;
  const { registry, duration, inFlight } = createRegistry(app);
  if (cluster.isWorker) shareWithPrimary(registry);

  app.addHook('onRequest', async (_request, reply) => {
    inFlight.inc();
    // 'close' comes once per response, whether it finished or the client went away.
    reply.raw.once('close', () => inFlight.dec());
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      {
        method: request.method,
        // The route's pattern (/api/v1/users/:id), never the raw URL, so labels stay few.
        route: request.routeOptions.url ?? 'unmatched',
        status_code: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/metrics', { schema: metricsRouteSchema }, async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!sameToken(given, token)) throw new UnauthenticatedError('A valid metrics token is required');
    const text = cluster.isWorker ? await askPrimary() : await registry.metrics();
    return reply.header('Content-Type', metricsContentType).header('Cache-Control', 'no-store').send(text);
  });
}
