import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { createAccount, signIn } from '../support/auth.js';
import { postImport } from '../support/imports.js';
import { closeGate } from '../support/race.js';
import { insertUsers } from '../support/users.js';

interface Item {
  seq: number;
  ref: string | null;
  outcome: string;
  code: string | null;
  message: string | null;
}

/**
 * A bulk job's items share a transaction a hundred at a time, each in its own savepoint
 * (decision 0178): what that must not change. A failed item undoes only itself, on either
 * database; two bulk changes, or an import and a bulk change, over the same users take turns
 * rather than deadlock; and the preview still predicts a job whose last admin is found in its
 * second batch (decision 0177).
 */
describe(`bulk items batched in transactions on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const bulk = (payload: object) => t.inject({ method: 'POST', url: '/api/v1/users/bulk', payload });

  /** Makes every update of this user's row fail in the database, as no rule would refuse it. */
  async function breakUpdatesOf(id: number) {
    if (dialect === 'sqlite') {
      await sql
        .raw(
          `create trigger broken before update on users when new.id = ${id} begin select raise(abort, 'broken'); end`,
        )
        .execute(t.app.db);
      return;
    }
    await sql
      .raw(
        `create function broken() returns trigger language plpgsql as $$ begin raise exception 'broken'; end $$;
         create trigger broken before update on users for each row when (new.id = ${id}) execute function broken();`,
      )
      .execute(t.app.db);
  }

  it('reports an item the database fails as failed, undoes it alone, and goes on with its batch', async () => {
    const ids = await insertUsers(
      t.app.db,
      Array.from({ length: 5 }, (_, i) => ({ name: `V ${i}`, email: `v${i}@batch.example` })),
    );
    await breakUpdatesOf(ids[2]!);

    const res = await bulk({ action: 'disable', ids: ids.map((id) => ({ id })) });

    expect(res.statusCode, res.body).toBe(200);
    const data = res.json<{ data: { job: { id: number }; counts: object; items: Item[] } }>().data;
    expect(data.counts).toEqual({ total: 5, changed: 4, unchanged: 0, skipped: 0, failed: 1 });
    expect(data.items.map((item) => [Number(item.ref), item.outcome, item.code])).toEqual([
      [ids[0], 'changed', null],
      [ids[1], 'changed', null],
      [ids[2], 'failed', 'internal_error'],
      [ids[3], 'changed', null],
      [ids[4], 'changed', null],
    ]);
    const statuses = await t.app.db
      .selectFrom('users')
      .select(['id', 'status'])
      .where('id', 'in', ids)
      .orderBy('id')
      .execute();
    expect(statuses.map((row) => row.status)).toEqual([
      'disabled',
      'disabled',
      'active',
      'disabled',
      'disabled',
    ]);
    const events = await t.app.db
      .selectFrom('audit_events')
      .select('target_id')
      .where('job_id', '=', data.job.id)
      .orderBy('id')
      .execute();
    expect(events.map((event) => Number(event.target_id))).toEqual([ids[0], ids[1], ids[3], ids[4]]);
  });

  it('lets two bulk changes over the same users in opposite orders take turns, neither failing an item', async () => {
    const a = await signIn(t.app, 'viewer', 'a@batch.example');
    const b = await signIn(t.app, 'viewer', 'b@batch.example');
    // On PostgreSQL b's row is held, so the disable of [a, b] waits there with a's sessions
    // ended and still locked; the end_sessions of [b, a] is sent while it waits. Had it ended
    // b's sessions and then waited for a's, each batch would wait for the other.
    const gate = await closeGate(t.app, sql`select id from users where id = ${b.id} for update`);
    const disable = bulk({ action: 'disable', ids: [{ id: a.id }, { id: b.id }] });
    await gate.whenBlocked(1, disable);
    const endSessions = bulk({ action: 'end_sessions', ids: [{ id: b.id }, { id: a.id }] });
    await gate.whenBlocked(2, Promise.all([disable, endSessions]));
    await gate.open();

    const outcomes = async (res: Promise<{ statusCode: number; body: string; json: () => unknown }>) => {
      const answer = await res;
      expect(answer.statusCode, answer.body).toBe(200);
      return (answer.json() as { data: { items: Item[] } }).data.items.map((item) => item.outcome);
    };
    expect(await outcomes(disable)).toEqual(['changed', 'changed']);
    // Whichever order they took, every session of both ends: by the disable or by end_sessions.
    expect(await outcomes(endSessions)).not.toContain('failed');
    const open = await t.app.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', 'in', [a.id, b.id])
      .where('revoked_at', 'is', null)
      .execute();
    expect(open).toEqual([]);
  });

  it('lets an import beside a bulk disable take turns with it: the import neither deadlocks nor fails', async () => {
    const x = await createAccount(t.app, 'viewer', 'x@batch.example');
    await createAccount(t.app, 'viewer', 'y@batch.example');
    const z = await createAccount(t.app, 'viewer', 'z@batch.example');
    // Renames x, then changes y's role: a batch that locked the admin set only at y, holding x,
    // waited for the disable below, which held the admin set and waited for x.
    const file = [
      'email,name,role,status,password_hash',
      'x@batch.example,New X,,,',
      'y@batch.example,,manager,,',
    ];
    const started = await postImport(t, file.join('\n'), { mode: 'upsert' });
    expect(started.statusCode, started.body).toBe(202);
    const importJob = started.json<{ data: { job: { id: number } } }>().data.job.id;
    // On PostgreSQL z's row is held, so the disable of [z, x] waits there with the admin set locked.
    const gate = await closeGate(t.app, sql`select id from users where id = ${z.id} for update`);
    const disable = bulk({ action: 'disable', ids: [{ id: z.id }, { id: x.id }] });
    await gate.whenBlocked(1, disable);
    const drained = t.app.background.drain();
    await gate.whenBlocked(2, Promise.all([disable, drained]));
    await gate.open();
    await drained;

    const done = await disable;
    expect(done.json<{ data: { items: Item[] } }>().data.items.map((item) => item.outcome)).toEqual([
      'changed',
      'changed',
    ]);
    const job = (await t.inject({ method: 'GET', url: `/api/v1/jobs/${importJob}` })).json().data;
    expect(job).toMatchObject({ state: 'succeeded', error: null });
    const users = await t.app.db
      .selectFrom('users')
      .select(['email', 'name', 'role', 'status'])
      .where('email', 'like', '%@batch.example')
      .orderBy('email')
      .execute();
    expect(users.map((u) => [u.email, u.name, u.role, u.status])).toEqual([
      ['x@batch.example', 'New X', 'viewer', 'disabled'],
      ['y@batch.example', 'Test viewer', 'manager', 'active'],
      ['z@batch.example', 'Test viewer', 'viewer', 'disabled'],
    ]);
  });

  it('previews a job of 151 items whose last admin comes in its second batch as the job runs it', async () => {
    const admins = await insertUsers(
      t.app.db,
      Array.from({ length: 150 }, (_, i) => ({
        name: `A ${i}`,
        email: `a${i}@batch.example`,
        role: 'admin' as const,
      })),
    );
    // The actor demotes themselves at item 120, in the second batch; the last admin is refused.
    const ids = [...admins.slice(0, 120), t.admin.id, ...admins.slice(120)].map((id) => ({ id }));
    const body = { action: 'set_role', role: 'viewer', ids };

    const preview = (await bulk({ ...body, dry_run: true })).json<{
      data: { counts: object; items: Item[] };
    }>().data;
    const queued = await bulk(body);
    expect(queued.statusCode, queued.body).toBe(202);
    const jobId = queued.json<{ data: { id: number } }>().data.id;
    await t.app.background.drain();

    const job = (await t.inject({ method: 'GET', url: `/api/v1/jobs/${jobId}` })).json().data;
    expect(job.state).toBe('succeeded');
    expect(preview.counts).toEqual({ total: 151, changed: 150, unchanged: 0, skipped: 1, failed: 0 });
    expect(job.result).toEqual(preview.counts);
    const refused = await t.inject({
      method: 'GET',
      url: `/api/v1/jobs/${jobId}/items?outcome=skipped,failed`,
    });
    expect(
      refused.json<{ data: Item[] }>().data.map(({ seq, ref, outcome, code, message }) => ({
        seq,
        ref,
        outcome,
        code,
        message,
      })),
    ).toEqual(preview.items);
    expect(preview.items).toEqual([expect.objectContaining({ seq: 150, code: 'last_admin' })]);
  });
});
