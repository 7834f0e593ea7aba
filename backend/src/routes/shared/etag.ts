import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Precondition } from '../../services/precondition.js';

// ETag and If-Match for any resource whose rows carry a `version` (db/versioned.ts bumps it):
// the answer names the version it shows, and a write may ask to apply only to that version.
// The service decides whether a precondition holds (services/precondition.ts); this module
// only speaks the headers.

/** A strong ETag made from a row's version: `"7"`. */
export function etagFor(version: number): string {
  return `"${version}"`;
}

export function setEtag(reply: FastifyReply, version: number): void {
  void reply.header('ETag', etagFor(version));
}

/**
 * Parses `If-Match` (RFC 9110 §13.1.1). Weak tags never match under its strong comparison, and
 * a header that holds no tag we could have issued matches nothing.
 */
export function preconditionFrom(request: FastifyRequest): Precondition | undefined {
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
