import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  MailNotConfiguredError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionFailedError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
  type FieldErrors,
} from '../errors.js';
import { toFieldErrors } from './validation.js';

/** The API's error codes, by HTTP status. */
export const ERROR_CODES = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_error',
  429: 'rate_limited',
  500: 'internal_error',
  503: 'service_unavailable',
} as const;

type ErrorStatus = keyof typeof ERROR_CODES;
type Headers = Record<string, string>;

/** The code for any HTTP error status, falling back to the nearest class. */
export function codeForStatus(status: number): string {
  if (status in ERROR_CODES) return ERROR_CODES[status as ErrorStatus];
  return status >= 500 ? 'internal_error' : 'bad_request';
}

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

type Kind<E extends DomainError> = abstract new (...args: never[]) => E;

interface DomainAnswer {
  kind: Kind<DomainError>;
  status: ErrorStatus;
  headers?: (error: DomainError) => Headers;
  /** a code more precise than the status's own */
  code?: string;
}

function answer<E extends DomainError>(
  kind: Kind<E>,
  status: ErrorStatus,
  headers?: (error: E) => Headers,
): DomainAnswer {
  // Only ever called with an error of `kind` (see answerFor).
  return { kind, status, headers: headers as DomainAnswer['headers'] };
}

/** What each domain error becomes in HTTP: the one place the two meet (decision 0128). */
const DOMAIN_ANSWERS: readonly DomainAnswer[] = [
  answer(ValidationError, 422),
  answer(UnauthenticatedError, 401, () => ({ 'WWW-Authenticate': 'Bearer' })),
  answer(ForbiddenError, 403),
  answer(NotFoundError, 404),
  answer(ConflictError, 409),
  answer(PreconditionFailedError, 412),
  answer(PayloadTooLargeError, 413),
  answer(UnsupportedMediaTypeError, 415),
  // RFC 9110 §10.2.3: how many seconds to wait before trying again.
  answer(RateLimitedError, 429, (error) => ({ 'Retry-After': String(error.retryAfterSeconds) })),
  { kind: MailNotConfiguredError, status: 503, code: 'mail_not_configured' },
  answer(UnavailableError, 503),
];

/** A domain error's status and headers; undefined for a kind nobody mapped (a bug: a 500). */
export function answerFor(
  error: DomainError,
): { status: ErrorStatus; headers?: Headers; code?: string } | undefined {
  const found = DOMAIN_ANSWERS.find((a) => error instanceof a.kind);
  return found && { status: found.status, headers: found.headers?.(error), code: found.code };
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

interface Classified {
  status: number;
  body: ErrorBody;
  headers?: Headers;
}

const internal = (status = 500): Classified => ({
  status,
  body: errorBody(status, 'Internal server error'),
});

function classify(error: FastifyError): Classified {
  if (error instanceof DomainError) {
    const found = answerFor(error);
    if (!found) return internal();
    const fields = error instanceof ValidationError ? error.fieldErrors : undefined;
    const body = errorBody(found.status, error.message, fields);
    return {
      status: found.status,
      headers: found.headers,
      body: found.code ? { ...body, code: found.code } : body,
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
  return internal(status === 503 ? 503 : 500);
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
