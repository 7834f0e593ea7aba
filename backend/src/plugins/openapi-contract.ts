import type { FastifySchema, RouteOptions } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { REQUEST_ID, RETRY_AFTER, WWW_AUTHENTICATE, type HeaderDoc } from '../schemas/headers.js';
import { codeForStatus, ERROR_CODES } from './errors.js';

/**
 * What the OpenAPI document says about every operation beyond what its route states: the error
 * answers that follow from the route's shape, and the headers every answer of a kind carries.
 * A route lists the answers that are its own (404, 409, 412, a 429 from a lockout); this adds
 * the ones any route of its kind can give, so a new route is documented whole without a list
 * of its own, and none can claim less than the server does (test/http/openapi.test.ts).
 */

type ErrorStatus = keyof typeof ERROR_CODES;

/** When each error status is answered, as the document tells it. */
const WHEN: Record<ErrorStatus | 414, string> = {
  400:
    'The body is not valid JSON, is empty under a JSON content type, or does not match its ' +
    'Content-Length; or a path parameter is not valid percent-encoding.',
  401:
    'No valid access token: none, expired, malformed, or of a session that has ended. At sign-in: ' +
    'a wrong email or password. At token renewal: no valid refresh cookie.',
  403:
    'Signed in, but the role lacks the permission, or the password must be changed first ' +
    '(PUT /api/v1/auth/me/password, the one call such an account may make besides /auth/me and sign-out).',
  404: 'Nothing has this id.',
  405: 'The path exists but does not serve this method; `Allow` lists those it does.',
  409: 'The change contradicts the current state: the email is taken, it would leave no active admin, or it acts on yourself.',
  412: 'If-Match named a version that is not the current one. Nothing changed; read the resource again and retry.',
  413: 'The body is larger than BODY_LIMIT bytes.',
  414: 'A path parameter is longer than 100 characters.',
  415: 'The body is not application/json.',
  422:
    'A parameter or body field breaks its rule (`errors` names each field, at most 20), or the ' +
    'JSON body nests deeper than 16 levels or holds more than 1,000 values.',
  429: 'Too many attempts; Retry-After says how many seconds to wait.',
  500: 'A fault on the server; the X-Request-Id names it in the log.',
  503: 'The database is not answering.',
};

/** A message each status may come with, as an example. */
const EXAMPLE_MESSAGE: Record<ErrorStatus | 414, string> = {
  400: 'The request body is not valid JSON',
  401: 'Sign in first: send an access token as "Authorization: Bearer <token>"',
  403: 'You do not have permission to do this',
  404: 'User not found',
  405: 'Method DELETE is not allowed here',
  409: 'A user with this email already exists',
  412: 'The user was changed by someone else; reload it and try again',
  413: 'The request body is too large',
  414: "'999…' is exceeding the max param length",
  415: 'Unsupported content type; send application/json',
  422: 'Validation failed',
  429: 'Too many attempts from this address; try again in 60 seconds',
  500: 'Internal server error',
  503: 'The database is not answering',
};

// @fastify/swagger's key for a response's description that stays out of the body's schema.
const RESPONSE_DESCRIPTION = 'x-response-description';

/** Methods whose requests Fastify reads a body for, whether or not the route takes one. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Responses = Record<string, Record<string, unknown>>;
type DocumentedSchema = FastifySchema & {
  hide?: boolean;
  security?: readonly Record<string, readonly string[]>[];
};

/** The error statuses any route of this shape can answer, beside those it lists itself. */
export function impliedErrorStatuses(
  route: Pick<RouteOptions, 'method' | 'config'>,
  schema: DocumentedSchema,
): number[] {
  const statuses = new Set<number>();
  const methods = [route.method].flat();
  const config = (route.config ?? {}) as {
    permission?: string;
    allowPendingPasswordChange?: boolean;
    rateLimit?: unknown;
  };
  // No `security` of its own: the document's bearer token (plugins/auth.ts sets [] where none is needed).
  const bearer = schema.security === undefined;
  const tokenNeeded = bearer || schema.security!.length > 0;
  if (tokenNeeded) statuses.add(401);
  if (bearer && (config.permission !== undefined || !config.allowPendingPasswordChange)) statuses.add(403);
  const readsBody = methods.some((m) => BODY_METHODS.has(m));
  if (readsBody) [400, 413, 415, 422].forEach((s) => statuses.add(s));
  if (schema.params || schema.querystring || schema.headers || schema.body) statuses.add(422);
  // The router's own: a path parameter it cannot decode, or one past its maximum length.
  if (schema.params) [400, 414].forEach((s) => statuses.add(s));
  if (config.rateLimit) statuses.add(429);
  return [...statuses];
}

function headerDoc(header: HeaderDoc): Record<string, unknown> {
  return { ...header };
}

/** The document's response for an error status: the envelope, with its `code` fixed. */
function errorResponse(status: number, given: Record<string, unknown> | undefined): Record<string, unknown> {
  const code = codeForStatus(status);
  const when = WHEN[status as keyof typeof WHEN] ?? '';
  const headers: Record<string, unknown> = {
    ...(given?.headers as object),
    'X-Request-Id': headerDoc(REQUEST_ID),
  };
  if (status === 401) headers['WWW-Authenticate'] = headerDoc(WWW_AUTHENTICATE);
  if (status === 429) headers['Retry-After'] = headerDoc(RETRY_AFTER);
  return {
    [RESPONSE_DESCRIPTION]: `\`${code}\`: ${(given?.description as string | undefined) ?? when}`,
    headers,
    allOf: [{ $ref: 'ErrorEnvelope' }],
    properties: { code: { const: code } },
    examples: [
      {
        status: 'error',
        data: null,
        message: EXAMPLE_MESSAGE[status as keyof typeof EXAMPLE_MESSAGE] ?? when,
        code,
        ...(status === 422 ? { errors: { email: ['has a format or characters that are not allowed'] } } : {}),
      },
    ],
  };
}

function successResponse(status: number, given: Record<string, unknown>): Record<string, unknown> {
  return {
    [RESPONSE_DESCRIPTION]: given.description ?? STATUS_CODES[status],
    ...given,
    headers: { ...(given.headers as object), 'X-Request-Id': headerDoc(REQUEST_ID) },
  };
}

/**
 * The schema the document shows for a route: its own responses and those its shape implies,
 * each error with its code and every answer with the headers it carries. Only the document's
 * copy changes; the route validates and serializes with the schema it declared.
 */
export function documentedSchema(
  route: Pick<RouteOptions, 'method' | 'config'>,
  schema: DocumentedSchema,
): DocumentedSchema {
  if (schema.hide) return schema;
  const given = (schema.response ?? {}) as Responses;
  const statuses = new Set([...Object.keys(given).map(Number), ...impliedErrorStatuses(route, schema)]);
  const response: Responses = {};
  for (const status of [...statuses].sort((a, b) => a - b)) {
    response[status] =
      status >= 400 ? errorResponse(status, given[status]) : successResponse(status, given[status]!);
  }
  return { ...schema, response };
}

/** The headers described once under components.headers, and named by every answer that carries them. */
export const SHARED_HEADERS: Record<string, HeaderDoc> = {
  'X-Request-Id': REQUEST_ID,
  'WWW-Authenticate': WWW_AUTHENTICATE,
  'Retry-After': RETRY_AFTER,
};

/** A header object of the document for a HeaderDoc: its schema, and what it means. */
export function headerObject({ description, ...schema }: HeaderDoc): Record<string, unknown> {
  return { description, schema };
}

export interface OpenApiDocument {
  paths?: Record<string, Record<string, { responses?: Record<string, unknown> }>>;
  components?: Record<string, unknown>;
}

/**
 * Every error answer is the same for a given code, and so are the shared headers: each is
 * written once under components and referred to from the operations, which keeps the document
 * a third of the size and lets a client generator name them. An error response a route
 * describes in its own words stays where it is.
 */
export function shareComponents(document: OpenApiDocument): void {
  const responses: Record<string, unknown> = {};
  const headers = Object.fromEntries(Object.entries(SHARED_HEADERS).map(([n, h]) => [n, headerObject(h)]));
  const refToHeader = (name: string) => ({ $ref: `#/components/headers/${name}` });
  const shareHeaders = (response: { headers?: Record<string, unknown> }) => {
    for (const name of Object.keys(response.headers ?? {})) {
      if (name in SHARED_HEADERS) response.headers![name] = refToHeader(name);
    }
  };
  for (const item of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        shareHeaders(response as { headers?: Record<string, unknown> });
        if (Number(status) < 400) continue;
        // Named by code; a status that shares its code with another (414 is a bad_request) adds its number.
        const code = codeForStatus(Number(status));
        const name = Number(status) in ERROR_CODES ? code : `${code}_${status}`;
        responses[name] ??= response;
        if (JSON.stringify(responses[name]) === JSON.stringify(response)) {
          operation.responses![status] = { $ref: `#/components/responses/${name}` };
        }
      }
    }
  }
  document.components = { ...document.components, responses, headers };
}
