import type { FieldErrors } from '../api.ts';
import { ROLES, STATUSES, type Permission, type Role, type User, type UserInput } from '../types.ts';

/**
 * The checks the console makes before sending, mirroring the server's so most mistakes are
 * caught as the user types. The server still checks everything (and knows more: the list of
 * common passwords, a PASSWORD_MIN_LENGTH set higher than the default).
 */

export const NAME_MAX = 100;
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

// The HTML standard's valid e-mail address: what <input type="email"> and the server accept.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const length = (text: string) => [...text].length;

// The server's password rules (backend/src/security/password-policy.ts), bar its list of
// common passwords: the same characters refused, length counted in the same (NFKC) form, the
// same repetitions refused. Keep the two in step.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;
const fold = (text: string) => text.toUpperCase().toLowerCase().normalize('NFKC');

/** The shortest piece `chars` repeats, or all of `chars` when it repeats nothing. */
function repeatedUnit(chars: readonly string[]): readonly string[] {
  for (let size = 1; size <= chars.length / 2; size++) {
    if (chars.length % size !== 0) continue;
    if (chars.every((char, i) => i < size || char === chars[i - size])) return chars.slice(0, size);
  }
  return chars;
}

/** One character or a piece shorter than the minimum, said again and again (spaces aside). */
function isShortRepeat(normalized: string): boolean {
  const folded = fold(normalized);
  return [folded, folded.replace(/\s+/gu, '')].some((form) => {
    const chars = [...form];
    const unit = repeatedUnit(chars);
    return unit.length < chars.length && unit.length < PASSWORD_MIN;
  });
}

export function nameProblem(raw: string): string | null {
  const name = raw.trim();
  if (length(name) < 1) return 'Enter a name.';
  if (length(name) > NAME_MAX) return `Use at most ${NAME_MAX} characters.`;
  if (CONTROL.test(name)) return 'Remove the control characters (tabs, line breaks).';
  return null;
}

export function emailProblem(raw: string): string | null {
  const email = raw.trim();
  if (email === '') return 'Enter an e-mail address.';
  if (email.length > EMAIL_MAX) return `Use at most ${EMAIL_MAX} characters.`;
  if (!EMAIL.test(email)) return 'Enter an e-mail address such as ada@example.com.';
  return null;
}

/**
 * NIST SP 800-63B as the server applies it: no invisible characters, a length, no short
 * repetition, and not built from the e-mail's name.
 */
export function passwordProblem(password: string, email = ''): string | null {
  if (INVISIBLE.test(password)) {
    return 'Remove the invisible or control characters (such as tabs, line breaks or zero-width spaces).';
  }
  const normalized = password.normalize('NFKC');
  if (length(normalized) < PASSWORD_MIN) return `Use at least ${PASSWORD_MIN} characters.`;
  if (length(normalized) > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  if (isShortRepeat(normalized)) return 'Do not just repeat one character or a short sequence.';
  const local = fold(email.trim().split('@')[0] ?? '');
  if (local.length >= 4 && fold(normalized).includes(local)) {
    return 'Do not use the e-mail address in the password.';
  }
  return null;
}

/** Every problem with the form's values, by field, in the API's `errors` shape. */
export function validateUserInput(input: UserInput, creating: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, problem: string | null) => {
    if (problem) errors[field] = [problem];
  };
  if (creating || input.name !== undefined) add('name', nameProblem(input.name ?? ''));
  if (creating || input.email !== undefined) add('email', emailProblem(input.email ?? ''));
  if (input.role !== undefined && !(ROLES as readonly string[]).includes(input.role))
    add('role', 'Choose a role.');
  if (input.status !== undefined && !(STATUSES as readonly string[]).includes(input.status)) {
    add('status', 'Choose a status.');
  }
  if (input.password) add('password', passwordProblem(input.password, input.email ?? ''));
  return errors;
}

/** Only what changed, so an edit never overwrites a field someone else changed meanwhile. */
export function changedFields(user: User, input: UserInput): UserInput {
  const changes: UserInput = {};
  if (input.name !== undefined && input.name.trim() !== user.name) changes.name = input.name.trim();
  if (input.email !== undefined && input.email.trim().toLowerCase() !== user.email) {
    changes.email = input.email.trim();
  }
  if (input.role !== undefined && input.role !== user.role) changes.role = input.role;
  if (input.status !== undefined && input.status !== user.status) changes.status = input.status;
  return changes;
}

/** The roles someone may give: managers cannot make admins. */
export function assignableRoles(can: (p: Permission) => boolean): Role[] {
  return ROLES.filter((role) => role !== 'admin' || can('users:manage-admins'));
}

export interface UserActions {
  edit: boolean;
  disable: boolean;
  enable: boolean;
  delete: boolean;
  setPassword: boolean;
  endSessions: boolean;
  clearLockout: boolean;
  viewSessions: boolean;
  viewAudit: boolean;
}

/**
 * What the signed-in user may do to `target`, so the console shows only those controls. The
 * server refuses the rest anyway; this only keeps buttons that would fail off the screen.
 */
export function userActions(
  can: (p: Permission) => boolean,
  selfId: number | null,
  target: User,
): UserActions {
  const self = selfId === target.id;
  const mayTouch = can('users:update') && (target.role !== 'admin' || can('users:manage-admins'));
  return {
    edit: mayTouch,
    disable: mayTouch && !self && target.status === 'active',
    enable: mayTouch && !self && target.status === 'disabled',
    delete: can('users:delete') && !self,
    setPassword: can('users:set-password') && !self,
    endSessions: can('sessions:revoke') && !self,
    clearLockout: can('users:set-password'),
    viewSessions: can('sessions:revoke'),
    viewAudit: can('audit:read'),
  };
}
