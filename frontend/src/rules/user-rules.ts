import type { FieldErrors } from '../api.ts';
import type { Credentials, PasswordPolicy, Permission, Role, Settings, User, UserInput } from '../types.ts';

/**
 * The checks the console makes before sending, mirroring the server's so most mistakes are
 * caught as the user types. The lists and the password lengths come from the server's settings
 * (GET /api/v1/settings); the server still checks everything (and knows more: its list of
 * common passwords).
 */

export const NAME_MAX = 100;
export const EMAIL_MAX = 254;

/**
 * The permission names these rules ask about. They are the server's names: the console checks at
 * start that the settings list each (unknownPermissions in registry.ts), and so does a browser test.
 */
export const USER_PERMISSIONS = {
  create: 'users:create',
  update: 'users:update',
  delete: 'users:delete',
  manageAdmins: 'users:manage-admins',
  setPassword: 'users:set-password',
  revokeSessions: 'sessions:revoke',
  readAudit: 'audit:read',
  importUsers: 'users:import',
  exportUsers: 'users:export-list',
} as const;
const P = USER_PERMISSIONS;

/** The role only `users:manage-admins` may give or touch, as the server's users service has it. */
export const ADMIN_ROLE = 'admin';
/** The statuses the console offers to switch between (Disable, Enable). */
export const ACTIVE = 'active';
export const DISABLED = 'disabled';
/** Waiting on an invitation (docs/email.md): no password yet, cannot sign in. */
export const INVITED = 'invited';

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
function isShortRepeat(normalized: string, min: number): boolean {
  const folded = fold(normalized);
  return [folded, folded.replace(/\s+/gu, '')].some((form) => {
    const chars = [...form];
    const unit = repeatedUnit(chars);
    return unit.length < chars.length && unit.length < min;
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
export function passwordProblem(password: string, policy: PasswordPolicy, email = ''): string | null {
  if (INVISIBLE.test(password)) {
    return 'Remove the invisible or control characters (such as tabs, line breaks or zero-width spaces).';
  }
  const normalized = password.normalize('NFKC');
  const { min_length: min, max_length: max } = policy;
  if (length(normalized) < min) return `Use at least ${min} characters.`;
  if (length(normalized) > max) return `Use at most ${max} characters.`;
  if (isShortRepeat(normalized, min)) return 'Do not just repeat one character or a short sequence.';
  const local = fold(email.trim().split('@')[0] ?? '');
  if (local.length >= 4 && fold(normalized).includes(local)) {
    return 'Do not use the e-mail address in the password.';
  }
  return null;
}

/** Every problem with the form's values, by field, in the API's `errors` shape. */
export function validateUserInput(input: UserInput, creating: boolean, settings: Settings): FieldErrors {
  const errors: FieldErrors = {};
  const add = (field: string, problem: string | null) => {
    if (problem) errors[field] = [problem];
  };
  if (creating || input.name !== undefined) add('name', nameProblem(input.name ?? ''));
  if (creating || input.email !== undefined) add('email', emailProblem(input.email ?? ''));
  if (input.role !== undefined && !settings.roles.includes(input.role)) add('role', 'Choose a role.');
  if (input.status !== undefined && !settings.statuses.includes(input.status)) {
    add('status', 'Choose a status.');
  }
  if (input.password) {
    add('password', passwordProblem(input.password, settings.password_policy, input.email ?? ''));
  }
  return errors;
}

/** A new password and its repetition: the policy's problem, else whether the two differ. */
export function newPasswordErrors(
  password: string,
  repeated: string,
  policy: PasswordPolicy,
  email: string,
): FieldErrors {
  const problem = passwordProblem(password, policy, email);
  if (problem) return { new_password: [problem] };
  if (repeated !== password) return { confirm_password: ['The two passwords differ.'] };
  return {};
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

/** The settings' roles highest first, as lists and menus show them. */
export function rolesHighestFirst(roles: readonly Role[]): Role[] {
  return [...roles].reverse();
}

/** The roles someone may give, highest first: managers cannot make admins. */
export function assignableRoles(roles: readonly Role[], can: (p: Permission) => boolean): Role[] {
  return rolesHighestFirst(roles).filter((role) => role !== ADMIN_ROLE || can(P.manageAdmins));
}

export interface UserActions {
  edit: boolean;
  disable: boolean;
  enable: boolean;
  delete: boolean;
  setPassword: boolean;
  endSessions: boolean;
  clearLockout: boolean;
  resendInvitation: boolean;
  revokeInvitation: boolean;
  sendVerification: boolean;
  viewSessions: boolean;
  viewAudit: boolean;
}

/**
 * What the signed-in user may do to `target`, so the console shows only those controls. The
 * server refuses the rest anyway; this only keeps buttons that would fail off the screen.
 * Clear lockout needs the target's `credentials`, read when shown: without them, or with no
 * lockout holding, there is nothing to clear. What sends mail needs `mailOn` (the server's
 * settings): without mail those routes answer 503.
 */
export function userActions(
  can: (p: Permission) => boolean,
  selfId: number | null,
  target: User,
  credentials: Credentials | null = null,
  mailOn = false,
): UserActions {
  const self = selfId === target.id;
  const mayManage = target.role !== ADMIN_ROLE || can(P.manageAdmins);
  const mayTouch = can(P.update) && mayManage;
  const invited = target.status === INVITED;
  const mayInvite = can(P.create) && mayManage && invited;
  return {
    edit: mayTouch,
    disable: mayTouch && !self && target.status === ACTIVE,
    enable: mayTouch && !self && target.status === DISABLED,
    delete: can(P.delete) && !self,
    setPassword: can(P.setPassword) && !self,
    endSessions: can(P.revokeSessions) && !self,
    clearLockout: can(P.setPassword) && credentials?.locked_until != null,
    resendInvitation: mayInvite && mailOn,
    revokeInvitation: mayInvite,
    // An invitee's address is verified by accepting; `undefined` is a server that does not say.
    sendVerification: mayTouch && mailOn && !invited && target.email_verified_at === null,
    viewSessions: can(P.revokeSessions),
    viewAudit: can(P.readAudit),
  };
}

/** The fields the edit dialog changes. */
export const EDITED_FIELDS = ['name', 'email', 'role', 'status'] as const;
export type EditedField = (typeof EDITED_FIELDS)[number];

/**
 * An edit that someone else's save overtook (a 412), set onto what the server now holds: what
 * the dialog shows next, and what to tell the person.
 */
export interface RebasedEdit {
  /** The form's new values: theirs where only they changed a field, the person's elsewhere. */
  values: UserInput;
  /** Fields only the other person changed: their value is taken. */
  taken: { field: EditedField; theirs: string }[];
  /** Fields both changed, to different values: the person's value stays, theirs is shown beside. */
  conflicts: { field: EditedField; theirs: string; yours: string }[];
}

// Compared as the server stores them, so " Ada " and "Ada" are no change.
const stored = (field: EditedField, value: string) =>
  field === 'email' ? value.trim().toLowerCase() : field === 'name' ? value.trim() : value;

/**
 * `typed` was begun on `base`; the server now holds `latest`. A field nobody else touched keeps
 * what was typed; a field only they changed takes theirs (sending the old value back would undo
 * their change); a field both changed keeps what was typed, reported as a conflict.
 */
export function rebaseEdit(base: User, latest: User, typed: UserInput): RebasedEdit {
  const result: RebasedEdit = { values: { ...typed }, taken: [], conflicts: [] };
  for (const field of EDITED_FIELDS) {
    const yours = typed[field];
    if (yours === undefined) continue;
    const before = stored(field, base[field]);
    const theirs = latest[field];
    if (stored(field, theirs) === before) continue;
    if (stored(field, yours) === before) {
      result.values[field] = theirs;
      result.taken.push({ field, theirs });
    } else if (stored(field, yours) !== stored(field, theirs)) {
      result.conflicts.push({ field, theirs, yours });
    }
  }
  return result;
}
