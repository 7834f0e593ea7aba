import { sql } from 'kysely';
import type { Db } from '../../src/db/dialect.js';
import type { UserRow } from '../../src/db/types.js';
import { searchKey } from '../../src/services/user-fields.js';

export interface Seed {
  name: string;
  email: string;
  role?: UserRow['role'];
  status?: UserRow['status'];
  created_at?: string;
}

/** Inserts users straight into the table, as db:seed does, many rows to a statement. */
export async function insertUsers(db: Db, users: Seed[]): Promise<number[]> {
  const ids: number[] = [];
  for (let from = 0; from < users.length; from += 1000) {
    const rows = users.slice(from, from + 1000).map((u) => {
      const at = u.created_at ?? '2026-01-01T00:00:00.000Z';
      return {
        name: u.name,
        email: u.email,
        role: u.role ?? 'viewer',
        status: u.status ?? 'active',
        search_key: searchKey(u.name, u.email),
        created_at: at,
        updated_at: at,
        last_login_at: null,
        password_hash: null,
      };
    });
    const inserted = await db.insertInto('users').values(rows).returning('id').execute();
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

/** What count(*) says, written here rather than taken from the code under test. */
export async function countStar(db: Db, where: { role?: string; status?: string } = {}): Promise<number> {
  const role = where.role ? sql`role = ${where.role}` : sql`1 = 1`;
  const status = where.status ? sql`status = ${where.status}` : sql`1 = 1`;
  const { rows } = await sql<{
    n: number | string;
  }>`select count(*) as n from users where ${role} and ${status}`.execute(db);
  return Number(rows[0]!.n);
}

export const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
