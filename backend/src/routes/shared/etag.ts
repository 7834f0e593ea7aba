import type { FastifyReply, FastifyRequest } from 'fastify';
import { declaresRequestHeader, declaresResponseHeader } from '../../schemas/headers.js';
import type { Precondition } from '../../services/precondition.js';
import { assertDocumented } from './documented.js';

// ETag and If-Match for any resource whose rows carry a `version` (db/versioned.ts bumps it):
// the answer names the version it shows, and a write may ask to apply only to that version.
// The service decides whether a precondition holds (services/precondition.ts); this module
// only speaks the headers, and only on routes whose schema says so (schemas/headers.ts:
// `Versioned`, `Created`, `IfMatchHeadersSchema`), so the OpenAPI document cannot leave them out.

/** A strong ETag made from a row's version: `"7"`. */
export function etagFor(version: number): string {
  return `"${version}"`;
}

export function setEtag(reply: FastifyReply, version: number): void {
  assertDocumented(
    reply.routeOptions,
    (schema) =>
      Object.keys((schema as { response?: object } | undefined)?.response ?? {}).some(
        (status) => status.startsWith('2') && declaresResponseHeader(schema, status, 'ETag'),
      ),
    'answers an ETag, but no 2xx response of its schema documents one (use Versioned or Created)',
  );
  void reply.header('ETag', etagFor(version));
}

/**
 * Parses `If-Match` (RFC 9110 §13.1.1). Weak tags never match under its strong comparison, and
 * a header that holds no tag we could have issued matches nothing.
 */
export function preconditionFrom(request: FastifyRequest): Precondition | undefined {
  assertDocumented(
    request.routeOptions,
    (schema) => declaresRequestHeader(schema, 'if-match'),
    'reads If-Match, but its schema does not declare it (headers: IfMatchHeadersSchema)',
  );
  const header = request.headers['if-match'];
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return { any: true };
  const versions: number[] = [];
  for (const tag of value.split(',')) {
    const match = /^"(\d{1,10})"$/.exec(tag.trim());
    if (match) versions.push(Number(match[1]));
  }
  return { versions };
}
