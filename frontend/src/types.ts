/**
 * The API's shapes as the console sees them. Written by hand from the OpenAPI document
 * (/api/openapi.json): the console shares types with the server, never code.
 */

/**
 * Roles, statuses and permission names are the server's (GET /api/v1/settings lists them), so
 * they are plain strings here: the console checks them against the settings, never against a
 * copy of its own.
 */
export type Role = string;
export type Status = string;
/** A name GET /auth/me may list; the console shows a control only when its permission is there. */
export type Permission = string;

export interface PasswordPolicy {
  min_length: number;
  max_length: number;
}

/** GET /api/v1/settings: public, read once when the console starts. */
export interface Settings {
  /** Lowest to highest. */
  roles: string[];
  statuses: string[];
  permissions: string[];
  password_policy: PasswordPolicy;
  /** The largest `per_page` the API's lists take. */
  max_per_page: number;
  /** Whether this server can send mail; without it invitations, resets and verification answer 503. */
  mail: { enabled: boolean; verified_email_required: boolean };
}

export interface AuditAction {
  name: string;
  label: string;
  target_type: string | null;
  /** Other types its events may name instead. */
  other_target_types?: string[];
}

export interface TargetType {
  name: string;
  label: string;
}

/** GET /api/v1/audit/actions: what the audit log can record, read when the audit log first opens. */
export interface AuditCatalog {
  actions: AuditAction[];
  target_types: TargetType[];
}

export interface User {
  id: number;
  name: string;
  email: string;
  role: Role;
  status: Status;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  /** null while the address is unverified (docs/email.md) */
  email_verified_at?: string | null;
  version: number;
}

/** POST /api/v1/auth/invitation: who invited whom, and whether the link still works. */
export interface Invitation {
  state: 'valid' | 'expired' | 'used' | 'revoked';
  name: string;
  email: string;
  role: Role;
  invited_by: string | null;
  expires_at: string;
}

/** GET /api/v1/mail/outbox: one mail, never its link. */
export interface OutboxMail {
  id: number;
  template: string | null;
  recipient: string;
  user_id: number | null;
  state: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  next_attempt_at: string | null;
}

/** GET /users/:id/credentials, for those who set passwords and lift lockouts. */
export interface Credentials {
  has_password: boolean;
  /** When a sign-in lockout ends; null when none holds. */
  locked_until: string | null;
  /** Where the lock state was read: Redis (every server's) or the answering process's memory. */
  lockout_store: 'redis' | 'memory';
}

export interface PageMeta {
  page: number;
  per_page: number;
  /** exact unless total_exact is false: then at least this many (a large search) */
  total: number;
  pages: number;
  /** users only */
  total_exact?: boolean;
  /** users only: the next, previous and last pages, each read from the index (decision 0158) */
  next_cursor?: string | null;
  prev_cursor?: string | null;
  last_cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  meta: PageMeta;
}

export interface SignIn {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  user: User;
  must_change_password?: boolean;
}

export interface Me {
  user: User;
  permissions: string[];
  must_change_password?: boolean;
}

export interface Session {
  id: string | number;
  created_at: string;
  last_used_at: string | null;
  ip: string | null;
  user_agent: string | null;
  current?: boolean;
}

/** `{field: [before, after]}`; a value is whatever the field holds, null when absent. */
export type Changes = Record<string, [unknown, unknown]>;

export interface AuditEvent {
  id: number;
  occurred_at: string;
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  changes: Changes | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  /** The actor's name now; null once they are gone. */
  actor_name: string | null;
  /** A user target's name and address now; null for other targets and once they are gone. */
  target_name: string | null;
  target_email: string | null;
  /** A session target: whose it is, the device it signed in from, and when. */
  target_session: { user_id: number; user_agent: string | null; created_at: string } | null;
}

export type UserSort =
  'id' | 'name' | 'email' | 'role' | 'status' | 'created_at' | 'updated_at' | 'last_login_at';
export const USER_SORT_FIELDS: readonly UserSort[] = [
  'id',
  'name',
  'email',
  'role',
  'status',
  'created_at',
  'updated_at',
  'last_login_at',
];

export interface UserListQuery {
  page: number;
  per_page: number;
  q: string;
  /** '' for any */
  role: Role;
  /** '' for any */
  status: Status;
  /** A field, `-` in front for descending. */
  sort: string;
  /** A group's id: only its members; '' for any. */
  group: string;
  /** Only verified ('true') or unverified ('false') addresses; '' for any. */
  email_verified: '' | 'true' | 'false';
  /** A page's next, previous or last cursor, in place of `page`; '' for none. */
  cursor: string;
  /** The sign-in filter (rules/lifecycle-rules.ts ACTIVITY_CHOICES); '' for any. */
  activity: string;
}

export interface AuditQuery {
  page: number;
  per_page: number;
  actor_id: string;
  target_type: string;
  target_id: string;
  action: string;
  from: string;
  to: string;
}

export interface UserInput {
  name?: string;
  email?: string;
  role?: Role;
  status?: Status;
  password?: string;
  /** on create: the password is temporary (the console sends true; the API's default is false) */
  must_change_password?: boolean;
}

export interface Group {
  id: number;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A group's member: the user, and when they joined. */
export interface GroupMember extends User {
  added_at: string;
}

export interface GroupInput {
  name?: string;
  /** null (or blank) for none. */
  description?: string | null;
}

export interface GroupListQuery {
  page: number;
  per_page: number;
  /** Part of the name, in any case. */
  q?: string;
  /** Only this user's groups. */
  member?: number;
}

// Jobs, bulk changes, imports and exports: types/jobs.ts; the overview: types/overview.ts.
