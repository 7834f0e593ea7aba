import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialect } from '../support/app.js';
import { httpRequest } from '../support/http-client.js';
import { processCluster, signInAdmin, type ProcessCluster } from '../support/process-cluster.js';
import { until } from '../support/until.js';
import { insertUsers } from '../support/users.js';

/**
 * A bulk job whose server is killed with SIGKILL part-way is taken over by the servers started
 * after it, once its claim's lease lapses, and finishes with every user changed exactly once:
 * one report row per item and one audit event per user. Two servers compete for the job after
 * the kill, so this also shows that two workers never run one job twice.
 */
describe(`a bulk job killed mid-way on ${dialect}`, () => {
  const USERS = 1500;
  let cluster: ProcessCluster;

  beforeAll(async () => {
    cluster = await processCluster('bulk-job-kill', { BACKGROUND_LEASE_SECONDS: '2' });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('resumes after the kill and applies every item once', async () => {
    const { db, start } = cluster;
    const first = await start(0);
    await insertUsers(
      db,
      Array.from({ length: USERS }, (_, i) => ({ name: `Leaver ${i}`, email: `leaver${i}@bulk.example` })),
    );
    const token = await signInAdmin(first);

    const res = await httpRequest(`${first.url}/api/v1/users/bulk`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ action: 'disable', filter: { q: 'bulk.example' } }),
    });
    expect(res.status, res.text()).toBe(202);
    const jobId = res.json<{ data: { id: number } }>().data.id;
    const job = () => db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();

    await until(async () => (await job()).progress_done >= 100);
    // Requests are answered while the job runs, not after it (on SQLite the job shares the
    // server's one connection).
    const ready = await httpRequest(`${first.url}/readyz`);
    expect(ready.status).toBe(200);
    expect((await job()).progress_done).toBeLessThan(USERS);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const doneAtKill = (await job()).progress_done;
    expect(doneAtKill).toBeLessThan(USERS);

    await Promise.all([start(1), start(2)]);
    await until(async () => (await job()).state !== 'running' && (await job()).state !== 'queued');

    const finished = await job();
    expect(finished).toMatchObject({ state: 'succeeded', progress_done: USERS, progress_total: USERS });
    expect(finished.attempts).toBeGreaterThanOrEqual(2);
    const items = await db
      .selectFrom('job_items')
      .select([(eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.count('ref').distinct().as('users')])
      .where('job_id', '=', jobId)
      .executeTakeFirstOrThrow();
    expect([Number(items.n), Number(items.users)]).toEqual([USERS, USERS]);
    const { rows } = await sql<{ n: number | string; users: number | string; most: number | string }>`
      select count(*) as n, count(distinct target_id) as users, max(per_user) as most
      from (select target_id, count(*) over (partition by target_id) as per_user
            from audit_events where job_id = ${jobId}) as events`.execute(db);
    expect(rows.map((r) => [Number(r.n), Number(r.users), Number(r.most)])).toEqual([[USERS, USERS, 1]]);
    const stillActive = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('email', 'like', '%@bulk.example')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    expect(Number(stillActive.n)).toBe(0);
  });
});
