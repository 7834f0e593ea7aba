import type { FastifyReply } from 'fastify';
import { declaresResponseHeader } from '../../schemas/headers.js';
import { assertDocumented } from './documented.js';

/** Answers 201 with Location, where the new resource lives; the route's 201 is `Created(...)`. */
export function replyCreated(reply: FastifyReply, location: string): void {
  assertDocumented(
    reply.routeOptions,
    (schema) => declaresResponseHeader(schema, 201, 'Location'),
    'answers 201 with Location, but its schema does not document it (use Created)',
  );
  void reply.status(201).header('Location', location);
}

/** Answers 202 with Location, where to follow work that goes on; the route's 202 documents it. */
export function replyAccepted(reply: FastifyReply, location: string): void {
  assertDocumented(
    reply.routeOptions,
    (schema) => declaresResponseHeader(schema, 202, 'Location'),
    'answers 202 with Location, but its schema does not document it',
  );
  void reply.status(202).header('Location', location);
}
