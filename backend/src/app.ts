import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Config } from './config.js';
import { AccessLog, loggerOptions } from './logger.js';
import auth, { requireSignIn } from './plugins/auth.js';
import {
  answerUnmetExpectations,
  clientErrorHandler,
  frameworkErrors,
  refuseMalformedOrLate,
  refuseTunnels,
} from './plugins/client-errors.js';
import background from './plugins/background.js';
import counters from './plugins/counters.js';
import database from './plugins/database.js';
import { installErrorHandling } from './plugins/errors.js';
import { installJsonBodyParser } from './plugins/json-body.js';
import { installMetrics } from './plugins/metrics.js';
import { documentAsSeedMount, openApiOptions } from './plugins/openapi.js';
import { installMethodNotAllowed, trackRoutes } from './plugins/routes.js';
import { installSecurityHeaders } from './plugins/security-headers.js';
import { buildCachedSerializer } from './plugins/serializers.js';
import { installValidators } from './plugins/validation.js';
import auditActionsRoutes from './routes/audit/actions.js';
import auditRoutes from './routes/audit/index.js';
import accountRoutes from './routes/auth/account.js';
import publicAuthRoutes from './routes/auth/public.js';
import groupMembersRoutes from './routes/groups/members.js';
import groupsRoutes from './routes/groups/index.js';
import healthRoutes from './routes/health/index.js';
import jobsRoutes from './routes/jobs/index.js';
import overviewRoutes from './routes/overview/index.js';
import mailRoutes from './routes/mail/index.js';
import mail from './plugins/mail.js';
import mailLinkRoutes from './routes/auth/email.js';
import invitationRoutes from './routes/users/invitations.js';
import policiesRoutes from './routes/policies/index.js';
import lifecycleRoutes from './routes/users/lifecycle.js';
import myDataRoutes from './routes/auth/my-data.js';
import lifecycle from './plugins/lifecycle.js';
import settingsRoutes from './routes/settings/index.js';
import credentialsRoutes from './routes/users/credentials.js';
import usersBulkRoutes from './routes/users/bulk.js';
import usersRoutes from './routes/users/index.js';
import transferRoutes from './routes/users/transfer.js';
import type { CounterStore } from './security/counter-store.js';
import { ErrorEnvelopeSchema } from './schemas/common.js';
import { RateLimitedError } from './errors.js';

export interface BuildOptions {
  /** Overrides the logger built from config (tests pass `false`). */
  logger?: FastifyServerOptions['logger'];
  /** The logger built from config, writing here instead of stdout (tests read its lines). */
  logStream?: { write: (line: string) => void };
  /** PostgreSQL schema to work in; tests give each app a fresh one. */
  searchPath?: string;
  /** Shared counters for lockouts (Redis); per process in memory when absent. */
  counterStore?: CounterStore;
  /** The clock of background work: the outbox, jobs and daily runs (tests fix it). */
  now?: () => Date;
  /** Where mail is printed in development without SMTP_URL; the terminal by default. */
  printMail?: (text: string) => void;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

function isHashedAsset(root: string, file: string): boolean {
  return relative(root, file).startsWith(`assets${sep}`);
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Fastify takes a hop count as a function of the hop's index (its types omit the number form). */
function trustProxyOption(value: Config['trustProxy']): FastifyServerOptions['trustProxy'] {
  if (typeof value === 'number') return (_address: string, hop: number) => hop < value;
  return typeof value === 'boolean' ? value : [...value];
}

function rateLimitError(_request: unknown, context: { after: string; ttl: number }): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
  return new RateLimitedError(
    `Too many attempts from this address; try again in ${seconds} seconds`,
    seconds,
  );
}

/** Builds the whole application without listening: the seed's create_app(). */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? loggerOptions(config, options.logStream),
    bodyLimit: config.bodyLimit,
    // Behind nginx or a load balancer: client IP, protocol and host from X-Forwarded-* (off by default).
    trustProxy: trustProxyOption(config.trustProxy),
    routerOptions: { ignoreTrailingSlash: true },
    // A well-formed incoming X-Request-Id is kept so a request can be followed across services.
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: { removeAdditional: false } },
    logController: new AccessLog(),
    clientErrorHandler,
    frameworkErrors,
    // Slow clients: headers and body must arrive within REQUEST_TIMEOUT (408), and an idle
    // keep-alive connection closes after KEEP_ALIVE_TIMEOUT. Node checks for late requests
    // every connectionsCheckingInterval, so that is kept well below the timeout.
    requestTimeout: config.requestTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      headersTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, config.requestTimeoutMs / 4),
      // Node answers a missing Host with a bare 400; refuseMalformedOrLate answers in the envelope.
      requireHostHeader: false,
    },
    // Fastify's own 503 while closing is not the envelope; refuseMalformedOrLate answers instead.
    return503OnClosing: false,
    schemaController: { compilersFactory: { buildSerializer: buildCachedSerializer } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  answerUnmetExpectations(app);
  refuseTunnels(app);
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  refuseMalformedOrLate(app);
  installValidators(app);
  // Fastify parses text/plain by default; this API speaks JSON only, so other bodies are a 415.
  app.removeContentTypeParser('text/plain');
  installJsonBodyParser(app);
  const consoleRoot =
    config.staticDir && existsSync(join(config.staticDir, 'index.html')) ? config.staticDir : null;
  installErrorHandling(app, { consoleFallback: consoleRoot !== null });
  const routes = trackRoutes(app);
  app.addSchema(ErrorEnvelopeSchema);

  installSecurityHeaders(app);
  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? [...config.corsOrigins] : false,
    credentials: true,
    exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After'],
  });
  await app.register(swagger, openApiOptions(config));
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  await app.register(database, {
    database: config.database,
    migrate: config.migrateOnStart,
    searchPath: options.searchPath,
  });

  await app.register(background, {
    enabled: config.backgroundWork,
    now: options.now,
    leaseMs: config.backgroundLeaseSeconds * 1000,
  });
  await app.register(mail, { mail: config.mail, print: options.printMail });
  await app.register(lifecycle, { config: config.lifecycle });
  await installMetrics(app, config.metricsToken);
  await app.register(counters, {
    store: options.counterStore,
    redisUrl: config.redisUrl,
    redisPrefix: config.redisPrefix,
  });
  await app.register(auth, {
    auth: config.auth,
    production: config.nodeEnv === 'production',
    requireVerifiedEmail: config.mail.requireVerifiedEmail,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: rateLimitError,
    // With Redis, every worker and host counts against the same limit.
    ...(app.redis ? { redis: app.redis, nameSpace: `${config.redisPrefix}rate-limit:` } : {}),
  });

  app.get('/api/openapi.json', { schema: { hide: true } }, () => app.swagger());
  await app.register(healthRoutes);
  // The API: every route needs a signed-in caller unless its config says `public: true`; a
  // route for some roles only names its permission (one about the caller's own account needs none).
  await app.register(async (api) => {
    requireSignIn(api);
    await api.register(publicAuthRoutes, { prefix: '/api/v1/auth' });
    await api.register(mailLinkRoutes, { prefix: '/api/v1/auth' });
    await api.register(settingsRoutes, { prefix: '/api/v1/settings' });
    await api.register(accountRoutes, { prefix: '/api/v1/auth' });
    await api.register(usersRoutes, { prefix: '/api/v1/users' });
    await api.register(credentialsRoutes, { prefix: '/api/v1/users' });
    await api.register(invitationRoutes, { prefix: '/api/v1/users' });
    await api.register(usersBulkRoutes, { prefix: '/api/v1/users' });
    await api.register(transferRoutes, { prefix: '/api/v1/users' });
    await api.register(lifecycleRoutes, { prefix: '/api/v1/users' });
    await api.register(myDataRoutes, { prefix: '/api/v1/auth' });
    await api.register(policiesRoutes, { prefix: '/api/v1/policies' });
    await api.register(groupsRoutes, { prefix: '/api/v1/groups' });
    await api.register(groupMembersRoutes, { prefix: '/api/v1/groups' });
    await api.register(auditRoutes, { prefix: '/api/v1/audit-events' });
    await api.register(auditActionsRoutes, { prefix: '/api/v1/audit' });
    await api.register(jobsRoutes, { prefix: '/api/v1/jobs' });
    await api.register(overviewRoutes, { prefix: '/api/v1/overview' });
    await api.register(mailRoutes, { prefix: '/api/v1/mail' });
    // The seed's own paths, for clients written against it; documented as such.
    await api.register(async (seed) => {
      documentAsSeedMount(seed);
      await seed.register(usersRoutes, { prefix: '/users' });
    });
  });
  if (consoleRoot) {
    // The built console, same origin as the API. Files are listed once at start (no wildcard),
    // so nothing outside the build can be asked for.
    await app.register(fastifyStatic, {
      root: consoleRoot,
      wildcard: false,
      // Vite puts a content hash in every file under assets/, so those never change; the page
      // that names them is revalidated on each load so a new build is picked up at once.
      cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader('Cache-Control', isHashedAsset(consoleRoot, path) ? IMMUTABLE : 'no-cache');
      },
    });
  } else if (config.staticDir) {
    app.log.warn({ root: config.staticDir }, 'the console is not built; run `npm run build` to serve it');
  }

  installMethodNotAllowed(app, routes);
  return app;
}
