import { expect } from 'vitest';
import { AppError } from '../../src/errors.js';

/** Runs `promise` and returns the AppError it rejects with, failing if it does not. */
export async function appError(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}
