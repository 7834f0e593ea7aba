import type { Generated, Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Role } from '../domain/roles.js';
import type { Status } from '../domain/statuses.js';

/** Table types. Timestamps are ISO strings going in; PostgreSQL hands back Date objects. */
export type Timestamp = string | Date;

export interface UsersTable {
  id: Generated<number>;
  name: string;
  email: string;
  role: Role;
  status: Status;
  /** lower-cased name and email, for case-insensitive search in every script */
  search_key: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_login_at: Timestamp | null;
  version: Generated<number>;
  /** Argon2id PHC string; never leaves the server */
  password_hash: string | null;
  /** 0 or 1 (SQLite has no boolean) */
  must_change_password: Generated<number>;
  /** when the address was last proven (invitation accepted, verification link followed) */
  email_verified_at: Timestamp | null;
  /** set while the user is in the recycle bin (migration 015); every read path wants it null */
  deleted_at: Timestamp | null;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserRowUpdate = Updateable<UsersTable>;

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: Timestamp;
  last_used_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  ip: string | null;
  user_agent: string | null;
}

export type SessionRow = Selectable<SessionsTable>;

export interface RefreshTokensTable {
  token_hash: string;
  session_id: string;
  created_at: Timestamp;
  rotated_at: Timestamp | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  /** JSON text: {"field": [before, after]} */
  changes: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  /** The bulk job whose item made the change (migration 011); null for a single request. */
  job_id: number | null;
}

export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewAuditEventRow = Insertable<AuditEventsTable>;

/** Users per role and status, kept by triggers (migration 004). */
export interface UserCountsTable {
  role: UsersTable['role'];
  status: UsersTable['status'];
  /** bigint: pg answers it as a string */
  n: number | string;
}

/** Users per role, status and block of 1,024 ids (block = id / 1024), kept by triggers (migration 013). */
export interface UserIdBlocksTable {
  role: UsersTable['role'];
  status: UsersTable['status'];
  block: number;
  n: number;
}

/** Sign-ins and failed sign-ins per UTC day, kept by triggers on audit_events (migration 012). */
export interface AuditDailyCountsTable {
  /** 'YYYY-MM-DD', UTC */
  day: string;
  action: string;
  /** bigint: pg answers it as a string */
  n: number | string;
}

/** SQLite only: the FTS5 trigram index over users.search_key; its rowid is the user id. */
export interface UsersSearchTable {
  rowid: number;
  search_key: string;
  users_search: string;
}

export interface GroupsTable {
  id: Generated<number>;
  name: string;
  /** the name case-folded (services/group-fields.ts): unique, so names differing only in case clash */
  name_key: string;
  description: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  version: Generated<number>;
}

export type GroupRow = Selectable<GroupsTable>;
export type NewGroupRow = Insertable<GroupsTable>;
export type GroupRowUpdate = Updateable<GroupsTable>;

export interface GroupMembersTable {
  group_id: number;
  user_id: number;
  added_at: Timestamp;
}

export type GroupMemberRow = Selectable<GroupMembersTable>;

/** Claim columns shared by the outbox and jobs (db/work-queue.ts). */
export interface QueueColumns {
  id: Generated<number>;
  attempts: Generated<number>;
  run_after: Timestamp;
  locked_until: Timestamp | null;
  locked_by: string | null;
}

export type OutboxState = 'queued' | 'sending' | 'sent' | 'failed';

/** Messages to deliver after the commit that wrote them (migration 008). */
export interface OutboxTable extends QueueColumns {
  kind: string;
  /** an email address today; a webhook URL later */
  recipient: string;
  /** who the message is about, for erasure; null once they are gone */
  user_id: number | null;
  /** JSON text: what the deliverer of `kind` needs (it may hold a one-time link: never shown) */
  payload: string;
  state: OutboxState;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export type OutboxRow = Selectable<OutboxTable>;

export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobsTable extends QueueColumns {
  kind: string;
  /** JSON text */
  params: string;
  requested_by: number | null;
  state: JobState;
  /** unique when set: one daily run per day, one job per idempotency key */
  unique_key: string | null;
  progress_done: Generated<number>;
  progress_total: number | null;
  /** JSON text: the handler's summary */
  result: string | null;
  error: string | null;
  /** 0 or 1 */
  cancel_requested: Generated<number>;
  created_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export type JobRow = Selectable<JobsTable>;

/** One row of a job's report, written in the same transaction as the item it reports. */
export interface JobItemsTable {
  job_id: number;
  seq: number;
  outcome: string;
  ref: string | null;
  code: string | null;
  message: string | null;
}

export type JobItemRow = Selectable<JobItemsTable>;

export type TokenPurpose = 'invitation' | 'reset' | 'verification';

/** One-time tokens sent by mail (migration 009): only their SHA-256 hash is kept. */
export interface UserTokensTable {
  id: Generated<number>;
  user_id: number;
  purpose: TokenPurpose;
  token_hash: string;
  /** the address the token was sent to */
  email: string;
  created_by: number | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export type UserTokenRow = Selectable<UserTokensTable>;

/** The users a large bulk job works through, one row per item (migration 011). */
export interface JobTargetsTable {
  job_id: number;
  seq: number;
  target_id: number;
  expected_version: number | null;
}

/** A user import's rows, as its upload checked them, in the order its job runs them (migration 014). */
export interface ImportRowsTable {
  job_id: number;
  seq: number;
  /** JSON text: the row's fields, or the problems that refuse it */
  data: string;
}

export interface Database {
  users: UsersTable;
  user_counts: UserCountsTable;
  user_id_blocks: UserIdBlocksTable;
  users_search: UsersSearchTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  audit_events: AuditEventsTable;
  audit_daily_counts: AuditDailyCountsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  outbox: OutboxTable;
  jobs: JobsTable;
  job_items: JobItemsTable;
  user_tokens: UserTokensTable;
  job_targets: JobTargetsTable;
  import_rows: ImportRowsTable;
}

/** A database handle or a transaction; every repository function takes one first. */
export type Db = Kysely<Database>;
