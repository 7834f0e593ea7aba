/**
 * The failures the API reports on purpose, named as the domain names them. Services, plugins
 * and routes throw them; none knows an HTTP status or header: plugins/errors.ts alone maps
 * each kind to its status, code and headers (decision 0128). Anything else thrown is a bug and
 * becomes a 500 whose details only reach the log.
 */

/** Messages per field, `{ "email": ["must be at most 254 characters"] }`. */
export type FieldErrors = Record<string, string[]>;

export interface DomainErrorOptions extends ErrorOptions {
  /**
   * Which rule refused, as a stable word (`last_admin`, `yourself`, `admin_only`,
   * `version_changed`): what a bulk change reports per item where one request reports a status.
   */
  reason?: string;
}

export abstract class DomainError extends Error {
  readonly reason: string | undefined;

  constructor(message: string, options?: DomainErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.reason = options?.reason;
  }
}

/** The thing asked for does not exist (or is not the caller's to see). */
export class NotFoundError extends DomainError {
  constructor(message = 'Not found') {
    super(message);
  }
}

/** The change contradicts the current state: a taken email, the last admin, oneself. */
export class ConflictError extends DomainError {}

/** The caller's copy is stale: the version it named is not the current one. */
export class PreconditionFailedError extends DomainError {}

/** The caller is known but may not do this. */
export class ForbiddenError extends DomainError {}

/** The caller is not signed in, or its credentials no longer hold. */
export class UnauthenticatedError extends DomainError {}

/** A dependency the request needs (the database) is not answering. */
export class UnavailableError extends DomainError {}

/** The request would send mail, and this server has no way to send it (no SMTP_URL in production). */
export class MailNotConfiguredError extends UnavailableError {
  constructor(message = 'Mail is not configured on this server (SMTP_URL); an administrator must set it up') {
    super(message);
  }
}

/** The input breaks a rule; `fieldErrors` says which fields, each with its messages. */
export class ValidationError extends DomainError {
  constructor(
    readonly fieldErrors: FieldErrors,
    message = 'Validation failed',
  ) {
    super(message);
  }
}

/** The body is larger than the route takes (an import's file past its 50 MB). */
export class PayloadTooLargeError extends DomainError {}

/** The body is of a type the route does not read. */
export class UnsupportedMediaTypeError extends DomainError {}

/** Too many attempts; the next may come after `retryAfterSeconds`. */
export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
