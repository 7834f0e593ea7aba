import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table types. Timestamps are ISO strings going in; PostgreSQL hands back Date objects. */
export type Timestamp = string | Date;

export interface UsersTable {
  id: Generated<number>;
  name: string;
  email: string;
  role: 'admin' | 'manager' | 'viewer';
  status: 'active' | 'disabled';
  /** lower-cased name and email, for case-insensitive search in every script */
  search_key: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_login_at: Timestamp | null;
  version: Generated<number>;
}

export type UserRow = Selectable<UsersTable>;
export type NewUserRow = Insertable<UsersTable>;
export type UserRowUpdate = Updateable<UsersTable>;

export interface Database {
  users: UsersTable;
}
