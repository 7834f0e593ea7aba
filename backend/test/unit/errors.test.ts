import { describe, expect, it } from 'vitest';
import * as errors from '../../src/errors.js';
import { DomainError, RateLimitedError, UnauthenticatedError, ValidationError } from '../../src/errors.js';
import { answerFor, codeForStatus, ERROR_CODES, isConsolePath } from '../../src/plugins/errors.js';

/** Every error kind src/errors.ts exports, found by walking the module, not listed here. */
const KINDS = Object.values(errors).filter(
  (value) => typeof value === 'function' && value.prototype instanceof DomainError,
) as (new (...args: never[]) => DomainError)[];

/** An instance of a kind, whatever its constructor takes. */
function instanceOf(kind: (typeof KINDS)[number]): DomainError {
  if (kind === (ValidationError as unknown)) return new ValidationError({ name: ['x'] });
  if (kind === (RateLimitedError as unknown)) return new RateLimitedError('x', 7);
  return new (kind as unknown as new (message: string) => DomainError)('x');
}

describe('domain errors and their HTTP answers', () => {
  it('finds the kinds it walks', () => {
    expect(KINDS.length).toBeGreaterThanOrEqual(8);
  });

  it.each(KINDS.map((kind) => [kind.name, kind] as const))(
    'answers %s with a 4xx or 503 whose code exists',
    (_name, kind) => {
      const answer = answerFor(instanceOf(kind));
      expect(answer).toBeDefined();
      expect([...Object.keys(ERROR_CODES)].map(Number)).toContain(answer!.status);
      expect(answer!.status === 503 || (answer!.status >= 400 && answer!.status < 500)).toBe(true);
    },
  );

  it('puts the wait of a RateLimitedError in Retry-After, and asks a stranger for a Bearer token', () => {
    expect(answerFor(new RateLimitedError('slow down', 42))).toEqual({
      status: 429,
      headers: { 'Retry-After': '42' },
    });
    expect(answerFor(new UnauthenticatedError('who?'))).toEqual({
      status: 401,
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  });

  it('names the error after its kind, for the log', () => {
    expect(new ValidationError({}).name).toBe('ValidationError');
    expect(new errors.NotFoundError().message).toBe('Not found');
  });
});

describe('codes', () => {
  it('gives every status a code, falling back by class', () => {
    expect(codeForStatus(409)).toBe('conflict');
    expect(codeForStatus(418)).toBe('bad_request');
    expect(codeForStatus(502)).toBe('internal_error');
  });
});

describe('console paths', () => {
  it('tells console routes (which reload to the page) from every other path', () => {
    for (const path of ['/console', '/console/', '/console/users', '/console/users/7?tab=x']) {
      expect(isConsolePath(path), path).toBe(true);
    }
    for (const path of ['/', '/api/v1/users', '/users/1', '/consoles', '/admin', '/index.html', '/healthz']) {
      expect(isConsolePath(path), path).toBe(false);
    }
  });
});
