import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createUser, failure } from '../support/http.js';

// Issue 16: what a delete into the recycle bin ends, and erasure leaving no trace of a person.

let t: TestApp;
afterEach(async () => t?.close());

const tokenMailedTo = async (email: string) => {
  const rows = await t.app.db.selectFrom('outbox').select('payload').where('recipient', '=', email).execute();
  const payload = rows.map((r) => JSON.parse(r.payload) as { token?: string }).find((p) => p.token);
  return payload!.token!;
};

describe(`a user in the recycle bin on ${dialect}`, () => {
  it('is where the seed’s DELETE /users/:id puts a user too, to be restored from', async () => {
    t = await buildTestApp();
    const user = await createUser(t, { name: 'Seedling', email: 'seedling@example.com' });
    expect((await t.inject({ method: 'DELETE', url: `/users/${user.id}` })).statusCode).toBe(200);
    expect((await t.inject({ method: 'GET', url: `/api/v1/users/${user.id}` })).statusCode).toBe(404);
    const binned = await t.app.db
      .selectFrom('users')
      .select('deleted_at')
      .where('id', '=', user.id)
      .execute();
    expect(binned).toEqual([{ deleted_at: expect.anything() }]);
    const restored = await t.inject({ method: 'POST', url: `/api/v1/users/${user.id}/restore` });
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await t.inject({ method: 'GET', url: `/api/v1/users/${user.id}` })).statusCode).toBe(200);
  });

  it('cannot accept an invitation or reset a password with a link sent before the delete', async () => {
    t = await buildTestApp();
    const invited = await t.inject({
      method: 'POST',
      url: '/api/v1/users/invitations',
      payload: { name: 'Invitee', email: 'invitee@example.com' },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const invitation = await tokenMailedTo('invitee@example.com');
    const member = await createUser(t, {
      name: 'Member',
      email: 'member@example.com',
      password: 'a long secret phrase 1',
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset',
      payload: { email: 'member@example.com' },
    });
    const reset = await tokenMailedTo('member@example.com');

    const invitedId = invited.json<{ data: { id: number } }>().data.id;
    for (const id of [invitedId, member.id]) {
      expect((await t.inject({ method: 'DELETE', url: `/api/v1/users/${id}` })).statusCode).toBe(200);
    }
    const accept = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/invitation/accept',
      payload: { token: invitation, password: 'an invitee phrase 1' },
    });
    expect([404, 409]).toContain(accept.statusCode);
    const confirm = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: reset, password: 'another long phrase 2' },
    });
    expect([404, 409]).toContain(confirm.statusCode);
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'member@example.com', password: 'a long secret phrase 1' },
    });
    expect(signIn.statusCode).toBe(401);
    // Ended, not spent: the tokens say why.
    const tokens = await t.app.db.selectFrom('user_tokens').select(['used_at', 'revoked_at']).execute();
    expect(tokens).toEqual([
      { used_at: null, revoked_at: expect.anything() },
      { used_at: null, revoked_at: expect.anything() },
    ]);
  });
});

describe(`erasure on ${dialect}`, () => {
  it('erases a person: no table holds their email or name afterwards', async () => {
    t = await buildTestApp();
    const name = 'Zenobia Quarterfield';
    const oldEmail = 'zenobia.old@example.com';
    const email = 'zenobia.q@example.com';
    const user = await createUser(t, { name, email: oldEmail, password: 'zenobia long password 1' });
    await t.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { name: `${name} Jr` } });
    // A new address: a verification token sent to it, and a queued mail (issue 14).
    await t.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, payload: { email } });
    // A password reset the person asked for: another token, another mail.
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password-reset', payload: { email } });
    // A job whose report quotes the person, as an import's report lines do (a bulk change's
    // lines name ids; the report line here is given the person's name and address).
    const bulk = await t.inject({
      method: 'POST',
      url: '/api/v1/users/bulk',
      payload: { action: 'set_role', role: 'manager', filter: { q: email } },
    });
    expect(bulk.statusCode, bulk.body).toBe(200);
    await t.app.db
      .updateTable('job_items')
      .set({ message: `${name} <${email}>: changed` })
      .execute();
    // Each of those is there to be erased.
    for (const table of ['user_tokens', 'outbox', 'job_items'] as const) {
      expect(await scan(t.app.db, [email], [table]), table).not.toEqual([]);
    }
    const group = (
      await t.inject({ method: 'POST', url: '/api/v1/groups', payload: { name: 'Team' } })
    ).json<{
      data: { id: number };
    }>().data;
    await t.inject({
      method: 'POST',
      url: `/api/v1/groups/${group.id}/members`,
      payload: { user_id: user.id },
    });
    await t.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'wrong wrong wrong' },
    });
    await t.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'zenobia long password 1' },
    });
    await t.app.db
      .insertInto('outbox')
      .values({
        kind: 'mail',
        recipient: email,
        user_id: user.id,
        payload: JSON.stringify({ name }),
        state: 'queued',
        run_after: new Date().toISOString(),
        created_at: new Date().toISOString(),
      })
      .execute();

    expect(
      failure(
        await t.inject({
          method: 'POST',
          url: `/api/v1/users/${user.id}/erase`,
          payload: { confirm: 'x@example.com' },
        }),
        422,
      ).errors,
    ).toHaveProperty('confirm');
    const res = await t.inject({
      method: 'POST',
      url: `/api/v1/users/${user.id}/erase`,
      payload: { confirm: email },
    });
    expect(res.statusCode, res.body).toBe(200);

    const found = await scan(t.app.db, [email, oldEmail, name]);
    expect(found).toEqual([]);
    const erased = await t.app.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'user.erased')
      .execute();
    expect(erased).toMatchObject([{ actor_id: t.admin.id, target_id: String(user.id), changes: null }]);
    // The log still tells what happened to whom (by id).
    const about = await t.app.db
      .selectFrom('audit_events')
      .select('action')
      .where('target_id', '=', String(user.id))
      .execute();
    expect(about.map((e) => e.action)).toEqual(
      expect.arrayContaining(['user.created', 'user.updated', 'user.erased']),
    );
    if (dialect === 'sqlite') {
      const { rows } =
        await sql`select rowid from users_search where users_search match ${'"zenobia"'}`.execute(t.app.db);
      expect(rows).toEqual([]);
    }
  });
});

/**
 * Every text column of every table that holds any of `needles`: table.column pairs. The tables
 * are read from the database itself, so a table added later is searched too; `only` narrows it.
 */
async function scan(db: Db, needles: string[], only?: string[]): Promise<string[]> {
  const columns =
    dialect === 'postgres'
      ? (
          await sql<{ table_name: string; column_name: string }>`select table_name, column_name
            from information_schema.columns where table_schema = current_schema()
            and data_type in ('text', 'character varying', 'jsonb', 'json')`.execute(db)
        ).rows
      : await sqliteTextColumns(db);
  const hits: string[] = [];
  for (const { table_name, column_name } of columns) {
    if (only && !only.includes(table_name)) continue;
    for (const needle of needles) {
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table_name)}
        where lower(cast(${sql.ref(column_name)} as text)) like ${`%${needle.toLowerCase()}%`}`.execute(db);
      if (Number(rows[0]!.n) > 0) hits.push(`${table_name}.${column_name}: ${needle}`);
    }
  }
  return hits;
}

async function sqliteTextColumns(db: Db) {
  const tables = (
    await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)
  ).rows;
  const out: { table_name: string; column_name: string }[] = [];
  for (const { name } of tables) {
    const cols = (
      await sql<{ name: string; type: string }>`select name, type from pragma_table_info(${name})`.execute(db)
    ).rows;
    for (const col of cols) out.push({ table_name: name, column_name: col.name });
  }
  return out;
}
