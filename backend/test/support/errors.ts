import { expect } from 'vitest';
import type { DomainError } from '../../src/errors.js';

/** Runs `promise` and returns the error it rejects with, failing unless it is of `kind`. */
export async function rejection<E extends DomainError>(
  promise: Promise<unknown>,
  kind: abstract new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(kind);
  return error as E;
}
