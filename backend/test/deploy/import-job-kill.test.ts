import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialect } from '../support/app.js';
import { httpRequest } from '../support/http-client.js';
import { processCluster, signInAdmin, type ProcessCluster } from '../support/process-cluster.js';
import { until } from '../support/until.js';

/**
 * An import whose server is killed with SIGKILL part-way is taken over by the servers started
 * after it, once its claim's lease lapses, and finishes with every row applied exactly once: its
 * rows commit a hundred to a transaction (decision 0153), so the kill loses at most a batch not
 * yet committed, which the next worker runs again from its first row.
 */
describe(`an import killed mid-way on ${dialect}`, () => {
  const ROWS = 1500;
  let cluster: ProcessCluster;

  beforeAll(async () => {
    cluster = await processCluster('import-job-kill', { BACKGROUND_LEASE_SECONDS: '2' });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('resumes after the kill and applies every row once', async () => {
    const { db, start } = cluster;
    const first = await start(0);
    const token = await signInAdmin(first);
    const rows = Array.from({ length: ROWS }, (_, i) => `joiner${i}@import.example,Joiner ${i},viewer`);
    const res = await httpRequest(`${first.url}/api/v1/users/import`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
      body: `email,name,role\n${rows.join('\n')}\n`,
    });
    expect(res.status, res.text()).toBe(202);
    const jobId = res.json<{ data: { job: { id: number } } }>().data.job.id;
    const job = () => db.selectFrom('jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();

    await until(async () => (await job()).progress_done >= 100);
    expect((await httpRequest(`${first.url}/readyz`)).status).toBe(200);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect((await job()).progress_done).toBeLessThan(ROWS);

    await Promise.all([start(1), start(2)]);
    await until(async () => !['running', 'queued'].includes((await job()).state));

    const finished = await job();
    expect(finished).toMatchObject({ state: 'succeeded', progress_done: ROWS, progress_total: ROWS });
    expect(finished.attempts).toBeGreaterThanOrEqual(2);
    const items = await db
      .selectFrom('job_items')
      .select([(eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.count('ref').distinct().as('rows')])
      .where('job_id', '=', jobId)
      .where('outcome', '=', 'created')
      .executeTakeFirstOrThrow();
    expect([Number(items.n), Number(items.rows)]).toEqual([ROWS, ROWS]);
    const { rows: events } = await sql<{ n: number | string; users: number | string }>`
      select count(*) as n, count(distinct e.target_id) as users
      from audit_events e join users u on cast(u.id as text) = e.target_id
      where e.action = 'user.created' and u.email like '%@import.example'`.execute(db);
    expect(events.map((r) => [Number(r.n), Number(r.users)])).toEqual([[ROWS, ROWS]]);
  });
});
