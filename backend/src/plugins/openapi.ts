import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.js';
import { FAILURE_WINDOW_MS, MAX_FAILURES } from '../security/lockout.js';
import { ERROR_CODES } from './errors.js';
import { DEFAULT_JSON_LIMITS } from './json-body.js';
import { documentedSchema, shareComponents, type OpenApiDocument } from './openapi-contract.js';

/** The tag of the seed's `/users/` paths: the same operations as /api/v1/users, kept for its clients. */
export const SEED_COMPATIBILITY_TAG = 'seed compatibility';

/** The document's opening text: the rules every operation shares, with this server's limits. */
function description(config: Config): string {
  const codes = Object.entries(ERROR_CODES)
    .map(([status, code]) => `\`${code}\` ${status}`)
    .join(', ');
  const { maxDepth, maxValues } = DEFAULT_JSON_LIMITS;
  return [
    'Every JSON answer is the envelope `{status, data, message}`; lists add `meta`. Errors are ' +
      '`{status: "error", data: null, message, code}`, and validation errors add `errors` by field ' +
      `(at most 20; \`errors_omitted\` counts the rest). Codes: ${codes}.`,
    '',
    '**Headers.** Every answer carries `X-Request-Id` (a well-formed one sent is kept). An answer ' +
      'that shows a resource with a `version` carries it as `ETag`; PUT, PATCH, DELETE and the ' +
      'POST disable/enable take it back as `If-Match` and answer 412 if it is no longer current. ' +
      'A 201 carries `Location`, a 401 `WWW-Authenticate: Bearer`, a 429 `Retry-After` in ' +
      'seconds, a 405 `Allow`.',
    '',
    '**Signing in.** `POST /api/v1/auth/login` answers an access token to send as ' +
      '`Authorization: Bearer <token>` and sets the `refresh_token` cookie; ' +
      '`POST /api/v1/auth/refresh` trades the cookie for a new token. While ' +
      "`must_change_password` is true (the first admin's generated password), every call but " +
      '`GET /api/v1/auth/me`, sign-out and `PUT /api/v1/auth/me/password` answers 403 until the ' +
      'last sets a new password.',
    '',
    '**Limits.** ' +
      `A request body may be ${config.bodyLimit} bytes (BODY_LIMIT; larger is a 413), nest ` +
      `${maxDepth} levels and hold ${maxValues} values (past either, a 422). Headers and body must ` +
      `arrive within ${config.requestTimeoutMs / 1000} s (REQUEST_TIMEOUT; later is a 408). ` +
      `Sign-in: ${config.auth.loginRateLimit} attempts a minute from one address ` +
      '(LOGIN_RATE_LIMIT), and the same for failed token renewals; valid renewals are not limited. ' +
      `${MAX_FAILURES} wrong passwords for one account within ${FAILURE_WINDOW_MS / 60_000} minutes ` +
      'lock it for 5 minutes, doubling with each lockout in a day up to an hour. All are a 429 ' +
      'with Retry-After. Lists give at most 100 items a page (`per_page`).',
    '',
    "**Paths.** The seed project's `/users/` paths serve the same operations as `/api/v1/users/` " +
      `(tagged "${SEED_COMPATIBILITY_TAG}"); a trailing slash is optional everywhere. ` +
      '`/healthz` and `/readyz` need no token. ' +
      (config.metricsToken
        ? '`/metrics` serves Prometheus metrics to `Authorization: Bearer <METRICS_TOKEN>`.'
        : '`/metrics` is served only when METRICS_TOKEN is set, and is not served here.'),
  ].join('\n');
}

/** OpenAPI 3.1, generated from the same TypeBox schemas that validate and serialize. */
export function openApiOptions(config: Config): SwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'User Management System API',
        version: '1.0.0',
        description: description(config),
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'The access token from POST /api/v1/auth/login or /refresh.',
          },
          ...(config.metricsToken
            ? {
                metricsToken: {
                  type: 'http' as const,
                  scheme: 'bearer',
                  description: 'The value of METRICS_TOKEN, for /metrics only.',
                },
              }
            : {}),
        },
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'users', description: 'User accounts' },
        { name: 'auth', description: 'Sign-in, tokens, my account and sessions' },
        { name: 'groups', description: 'Groups of users and their members' },
        { name: 'audit', description: 'Who changed what' },
        { name: 'overview', description: "The console's home: counts, sign-ins per day, recent changes" },
        { name: 'settings', description: 'Roles, statuses, permissions, password policy' },
        { name: 'operations', description: 'Health, readiness and metrics' },
        {
          name: SEED_COMPATIBILITY_TAG,
          description:
            "The seed project's `/users/` paths, kept so its clients keep working: each is the " +
            'operation of the same name under /api/v1/users, with the same rules and answers. ' +
            'Not deprecated; new clients should use /api/v1/users.',
        },
      ],
    },
    transform: ({ schema, url, route }) => ({
      schema: schema ? documentedSchema(route, schema) : schema,
      url,
    }),
    // @fastify/swagger writes `deprecated` only when true; the seed's paths say false outright.
    transformObject: (document) => {
      if (!('openapiObject' in document)) return document.swaggerObject;
      type Operation = { tags?: string[]; deprecated?: boolean };
      for (const item of Object.values(document.openapiObject.paths ?? {})) {
        for (const operation of Object.values(item as Record<string, Operation>)) {
          if (operation.tags?.includes(SEED_COMPATIBILITY_TAG)) operation.deprecated = false;
        }
      }
      shareComponents(document.openapiObject as OpenApiDocument);
      return document.openapiObject;
    },
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  };
}

/**
 * Documents the routes registered in `scope` from here on as the seed's compatibility mount:
 * tagged, not deprecated, each saying which /api/v1 operation it is.
 */
export function documentAsSeedMount(scope: FastifyInstance): void {
  scope.addHook('onRoute', (route) => {
    if (!route.schema) return;
    const same = `/api/v1${route.url}`.replace(/\/$/, '');
    const own = route.schema.description ? `\n\n${String(route.schema.description)}` : '';
    route.schema = {
      ...route.schema,
      tags: [SEED_COMPATIBILITY_TAG],
      deprecated: false,
      description: `The seed's path for ${[route.method].flat().join(', ')} ${same}: the same operation, kept for the seed's clients.${own}`,
    };
  });
}
