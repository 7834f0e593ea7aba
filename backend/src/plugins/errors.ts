import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, codeForStatus, type FieldErrors } from '../errors.js';
import { toFieldErrors } from './validation.js';

export interface ErrorBody {
  status: 'error';
  data: null;
  message: string;
  code: string;
  errors?: FieldErrors;
  errors_omitted?: number;
}

export function errorBody(status: number, message: string, errors?: FieldErrors, omitted = 0): ErrorBody {
  return {
    status: 'error',
    data: null,
    message,
    code: codeForStatus(status),
    ...(errors ? { errors } : {}),
    ...(omitted > 0 ? { errors_omitted: omitted } : {}),
  };
}

// Fastify's own client errors, by code, with messages fit for an API client.
const FRAMEWORK_ERRORS = new Map<string, { status: number; message: string }>(
  Object.entries({
    FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'The request body is not valid JSON' },
    FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'The request body is empty' },
    FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: 'The request body is too large' },
    FST_ERR_CTP_INVALID_MEDIA_TYPE: {
      status: 415,
      message: 'Unsupported content type; send application/json',
    },
    FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: 'Content-Length does not match the body' },
  }),
);

function classify(error: FastifyError): {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
} {
  if (error instanceof AppError) {
    return {
      status: error.statusCode,
      body: errorBody(error.statusCode, error.message, error.errors),
      headers: error.headers,
    };
  }
  if (error.validation) {
    const { errors, omitted } = toFieldErrors(error.validation as never, error.validationContext);
    const message =
      omitted > 0 ? `Validation failed (${omitted} more errors not shown)` : 'Validation failed';
    return { status: 422, body: errorBody(422, message, errors, omitted) };
  }
  const known = FRAMEWORK_ERRORS.get(error.code);
  if (known) return { status: known.status, body: errorBody(known.status, known.message) };
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, body: errorBody(status, error.message) };
  }
  return {
    status: status === 503 ? 503 : 500,
    body: errorBody(status === 503 ? 503 : 500, 'Internal server error'),
  };
}

// The console's own routes all live under /console/ so they can never shadow an API path,
// today's or a future one (docs/decisions/0040-console-routes-under-console.md).
const CONSOLE_PATH = /^\/console(\/|$)/;

/** Paths the console's client-side router owns; a reload on one gets the console's page. */
export function isConsolePath(url: string): boolean {
  return CONSOLE_PATH.test(url.split('?')[0] ?? '');
}

export interface ErrorHandlingOptions {
  /** When the console is served: answer page loads of console routes with its index.html. */
  consoleFallback?: boolean;
}

/** One error handler for the whole app: every failure leaves as the error envelope. */
export function installErrorHandling(app: FastifyInstance, options: ErrorHandlingOptions = {}): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const { status, body, headers } = classify(error);
    // A 5xx is logged whole (stack, driver message) and shown as a plain message.
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ status, code: body.code }, body.message);
    if (headers) void reply.headers(headers);
    if (status === 401) void reply.header('WWW-Authenticate', 'Bearer');
    return reply.status(status).send(body);
  });

  app.setNotFoundHandler((request, reply) => {
    // A reload on a console route (/console/users?page=2) gets the page; the client routes it.
    // A page load is a GET (or HEAD) that accepts HTML; a script or curl asking for JSON at a
    // console path still learns that there is no such API route.
    const pageLoad =
      ['GET', 'HEAD'].includes(request.method) && request.headers.accept?.includes('text/html');
    if (options.consoleFallback && pageLoad && isConsolePath(request.url)) {
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
    }
    return reply
      .status(404)
      .send(errorBody(404, `Route ${request.method} ${request.url.split('?')[0]} not found`));
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Marks the generated 405 routes, so route tracking leaves them out. */
    methodNotAllowed?: boolean;
  }
}

const ANSWERABLE = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/**
 * Fastify answers a known path with an unserved method as 404. This records every route as it
 * is added, and `installMethodNotAllowed` (called after the routes) adds a 405 with `Allow` for
 * each method a path does not serve.
 */
export function trackRoutes(app: FastifyInstance): Map<string, Set<string>> {
  const paths = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    if (route.config && (route.config as { methodNotAllowed?: boolean }).methodNotAllowed) return;
    // Only API routes declare schemas; static files and the docs' assets are left alone.
    if (!route.schema || route.url.includes('*') || route.url.startsWith('/api/docs')) return;
    const path = route.url.length > 1 ? route.url.replace(/\/$/, '') : route.url;
    const methods = paths.get(path) ?? new Set<string>();
    for (const method of [route.method].flat()) methods.add(method);
    paths.set(path, methods);
  });
  return paths;
}

const PUBLIC_API = new Set(['/api/v1/auth/login', '/api/v1/auth/refresh']);

/** API paths whose every method needs a signed-in caller: a 405 there must not answer strangers. */
function needsSignIn(url: string): boolean {
  return /^\/(api\/v1|users)(\/|$)/.test(url) && !PUBLIC_API.has(url);
}

export function installMethodNotAllowed(app: FastifyInstance, paths: Map<string, Set<string>>): void {
  for (const [url, served] of [...paths]) {
    const missing = ANSWERABLE.filter((m) => !served.has(m));
    if (missing.length === 0) continue;
    const allow = ANSWERABLE.filter((m) => served.has(m)).join(', ');
    app.route({
      method: missing,
      url,
      ...(needsSignIn(url) ? { onRequest: app.authenticate } : {}),
      config: { methodNotAllowed: true },
      schema: { hide: true },
      handler: (request, reply) =>
        reply
          .status(405)
          .header('Allow', allow)
          .send(errorBody(405, `Method ${request.method} is not allowed here`)),
    });
  }
}
