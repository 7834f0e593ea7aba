import { toIso, toIsoOrNull } from '../db/dialect.js';
import type { ProfileRow } from '../db/users.repository.js';
import { ValidationError } from '../errors.js';
import type { UpdateUserBody, User } from '../schemas/users.js';

/**
 * How a user's own fields are cleaned on the way in and shaped on the way out. Display names
 * follow the rule every resource shares (text.ts).
 */

export const EMAIL_MAX = 254;

export function toUser(row: ProfileRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status,
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
    last_login_at: toIsoOrNull(row.last_login_at),
    email_verified_at: toIsoOrNull(row.email_verified_at),
    version: row.version,
  };
}

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > EMAIL_MAX) {
    throw new ValidationError({ email: [`must be at most ${EMAIL_MAX} characters`] });
  }
  return email;
}

export function searchKey(name: string, email: string): string {
  return `${name}\n${email}`.toLowerCase();
}

export function assertHasChanges(input: UpdateUserBody): void {
  if (Object.keys(input).length === 0) {
    throw new ValidationError(
      { body: ['must contain at least one of: name, email, role, status'] },
      'Nothing to update',
    );
  }
}
