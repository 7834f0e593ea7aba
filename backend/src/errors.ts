/**
 * One error class for every failure the API reports on purpose. Services throw it; the error
 * handler in plugins/errors.ts turns it into the envelope. Anything else is a bug and becomes
 * a 500 whose details only reach the log.
 */

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

export type ErrorStatus = keyof typeof ERROR_CODES;
export type ErrorCode = (typeof ERROR_CODES)[ErrorStatus];
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  override name = 'AppError';
  readonly code: ErrorCode;

  constructor(
    readonly statusCode: ErrorStatus,
    message: string,
    readonly errors?: FieldErrors,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.code = ERROR_CODES[statusCode];
  }
}

export const notFound = (message = 'Not found') => new AppError(404, message);
export const conflict = (message: string) => new AppError(409, message);
export const preconditionFailed = (message: string) => new AppError(412, message);
export const validationFailed = (errors: FieldErrors, message = 'Validation failed') =>
  new AppError(422, message, errors);

/** The code for any HTTP error status, falling back to the nearest class. */
export function codeForStatus(status: number): ErrorCode {
  if (status in ERROR_CODES) return ERROR_CODES[status as ErrorStatus];
  return status >= 500 ? 'internal_error' : 'bad_request';
}
