import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { etagFor, preconditionFrom } from '../../src/routes/shared/etag.js';
import { IfMatchHeadersSchema } from '../../src/schemas/headers.js';
import { satisfies } from '../../src/services/precondition.js';

const guardedRoute = { method: 'PUT', url: '/things/:id', schema: { headers: IfMatchHeadersSchema } };

const withIfMatch = (value?: string, routeOptions: object = guardedRoute) =>
  preconditionFrom({
    headers: value === undefined ? {} : { 'if-match': value },
    routeOptions,
  } as unknown as FastifyRequest);

describe('If-Match', () => {
  it('makes strong ETags from the version', () => {
    expect(etagFor(7)).toBe('"7"');
  });

  it.each([
    [undefined, undefined],
    ['*', { any: true }],
    [' * ', { any: true }],
    ['"7"', { versions: [7] }],
    ['"1", "22" ,"333"', { versions: [1, 22, 333] }],
    ['W/"7"', { versions: [] }],
    ['W/"7", "8"', { versions: [8] }],
    ['7', { versions: [] }],
    ['"seven"', { versions: [] }],
    ['"12345678901"', { versions: [] }],
    ['', { versions: [] }],
  ])('parses %j as %j', (header, expected) => {
    expect(withIfMatch(header)).toEqual(expected);
  });

  it('lets a missing header and * match any version', () => {
    expect(satisfies(undefined, 3)).toBe(true);
    expect(satisfies({ any: true }, 3)).toBe(true);
  });

  it('matches only the listed versions; a header with no usable tag matches nothing', () => {
    expect(satisfies(withIfMatch('"2", "3"'), 3)).toBe(true);
    expect(satisfies(withIfMatch('"2"'), 3)).toBe(false);
    expect(satisfies(withIfMatch('W/"3"'), 3)).toBe(false);
    expect(satisfies(withIfMatch('garbage'), 3)).toBe(false);
  });

  it('refuses to read If-Match on a route whose schema does not declare it, naming the route', () => {
    const undeclared = { method: 'DELETE', url: '/things/:id', schema: {} };
    expect(() => withIfMatch('"1"', undeclared)).toThrow(
      'DELETE /things/:id reads If-Match, but its schema does not declare it',
    );
    // Even without the header: the route is wrong whether or not this client sent one.
    expect(() => withIfMatch(undefined, undeclared)).toThrow(/does not declare it/);
  });
});
