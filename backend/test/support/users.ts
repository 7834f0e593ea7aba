import { sql } from 'kysely';
import type { Db } from '../../src/db/dialect.js';
import type { NewUserRow } from '../../src/db/types.js';
import { searchKey } from '../../src/services/user-fields.js';

/** Users straight into the table, the way db:seed writes them (no API, no audit events). */

export interface UserSeed {
  name: string;
  email: string;
  role?: NewUserRow['role'];
  status?: NewUserRow['status'];
  created_at?: string;
  updated_at?: string;
  /** null (the default): never signed in */
  last_login_at?: string | null;
}

const SEED_TIME = '2026-01-01T00:00:00.000Z';

export function userRow(seed: UserSeed): NewUserRow {
  const created = seed.created_at ?? SEED_TIME;
  return {
    name: seed.name,
    email: seed.email,
    role: seed.role ?? 'viewer',
    status: seed.status ?? 'active',
    search_key: searchKey(seed.name, seed.email),
    created_at: created,
    updated_at: seed.updated_at ?? created,
    last_login_at: seed.last_login_at ?? null,
    password_hash: null,
  };
}

/** Inserts the users in multi-row statements of up to `perStatement` rows; answers their ids. */
export async function insertUsers(db: Db, seeds: UserSeed[], perStatement = 1000): Promise<number[]> {
  const ids: number[] = [];
  for (let from = 0; from < seeds.length; from += perStatement) {
    const rows = seeds.slice(from, from + perStatement).map(userRow);
    const inserted = await db.insertInto('users').values(rows).returning('id').execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

/** `count(*)` of the users table, written here rather than taken from the code under test. */
/** Live users (the recycle bin's are in no count), counted row by row. */
export async function countRows(db: Db, where: { role?: string; status?: string } = {}): Promise<number> {
  const role = where.role === undefined ? sql`true` : sql`role = ${where.role}`;
  const status = where.status === undefined ? sql`true` : sql`status = ${where.status}`;
  const { rows } = await sql<{ n: number | string }>`
    select count(*) as n from users where ${role} and ${status} and deleted_at is null`.execute(db);
  return Number(rows[0]!.n);
}

/** A cursor made by hand, as a client could: base64url of any JSON. */
export const handMadeCursor = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');
