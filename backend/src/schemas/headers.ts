import { Type, type TSchema } from '@sinclair/typebox';

/**
 * The headers the API reads and writes, described once. A route states the ones that are its
 * own (If-Match, ETag, Location, the refresh cookie) with the building blocks below; the ones
 * every route shares (X-Request-Id, WWW-Authenticate on a 401, Retry-After on a 429) are added
 * to every operation by plugins/openapi-contract.ts.
 */

/** A response header as OpenAPI describes it: its value's schema and what it means. */
export interface HeaderDoc {
  type: 'string' | 'integer';
  description: string;
  examples?: unknown[];
}

export const ETAG: HeaderDoc = {
  type: 'string',
  description: 'The version of the resource this answer shows, quoted. Send it back as If-Match.',
  examples: ['"3"'],
};

export const LOCATION: HeaderDoc = {
  type: 'string',
  description: 'Where the resource just created lives.',
  examples: ['/api/v1/users/2'],
};

export const REQUEST_ID: HeaderDoc = {
  type: 'string',
  description:
    'Names this request in the server log and the audit log: a well-formed X-Request-Id sent with ' +
    'the request (1 to 128 of A-Z a-z 0-9 . _ -) is kept, otherwise a new UUID.',
  examples: ['3f6c1b0e-8a1d-4c52-9f0e-2a7d5d0c9b11'],
};

export const RETRY_AFTER: HeaderDoc = {
  type: 'integer',
  description: 'Seconds to wait before trying again (RFC 9110 §10.2.3).',
  examples: [60],
};

export const WWW_AUTHENTICATE: HeaderDoc = {
  type: 'string',
  description: 'The scheme to sign in with (RFC 9110 §11.6.1).',
  examples: ['Bearer'],
};

export const SET_REFRESH_COOKIE: HeaderDoc = {
  type: 'string',
  description:
    'The refresh token, as the HttpOnly, SameSite=Strict cookie `refresh_token` for the path ' +
    '/api/v1/auth (Secure in production). It rotates on every renewal.',
  examples: ['refresh_token=9c1e…; Max-Age=1209600; Path=/api/v1/auth; HttpOnly; SameSite=Strict'],
};

export const CLEAR_REFRESH_COOKIE: HeaderDoc = {
  type: 'string',
  description: 'Clears the `refresh_token` cookie.',
  examples: ['refresh_token=; Max-Age=0; Path=/api/v1/auth; HttpOnly; SameSite=Strict'],
};

/**
 * A response schema that also names the headers the answer carries. @fastify/swagger documents
 * `headers` as the response's headers; the serializer reads only the body's keywords.
 */
export function WithHeaders<T extends TSchema>(schema: T, headers: Record<string, HeaderDoc>): T {
  const existing = (schema as { headers?: Record<string, HeaderDoc> }).headers;
  return { ...schema, headers: { ...existing, ...headers } };
}

/** A success answer that shows a version of a resource: it carries that version as ETag. */
export function Versioned<T extends TSchema>(schema: T): T {
  return WithHeaders(schema, { ETag: ETAG });
}

/** A 201: the resource created, its ETag, and where it lives. */
export function Created<T extends TSchema>(schema: T): T {
  return WithHeaders(schema, { ETag: ETAG, Location: LOCATION });
}

/**
 * The request headers of a write that If-Match guards (RFC 9110 §13.1.1). Any value is accepted:
 * one that names no current version is answered 412, never 422 (routes/shared/etag.ts).
 */
export const IfMatchHeadersSchema = Type.Object({
  'if-match': Type.Optional(
    Type.String({
      description:
        'Apply the change only to the version named: the ETag of the copy the client holds, or ' +
        'several, comma-separated, or `*` for any. Another version answers 412 ' +
        '(precondition_failed) and changes nothing. Without it the change applies to the ' +
        'current version, whatever it is.',
      examples: ['"3"'],
    }),
  ),
});

/** Whether a route's schema declares the request header `name` (lower case). */
export function declaresRequestHeader(schema: unknown, name: string): boolean {
  const headers = (schema as { headers?: { properties?: Record<string, unknown> } } | undefined)?.headers;
  return headers?.properties?.[name] !== undefined;
}

/** Whether a route's schema documents the response header `name` for `status`. */
export function declaresResponseHeader(schema: unknown, status: number | string, name: string): boolean {
  const responses = (schema as { response?: Record<string, { headers?: Record<string, unknown> }> })
    ?.response;
  return responses?.[status]?.headers?.[name] !== undefined;
}
