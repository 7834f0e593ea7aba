import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import { dialect } from '../support/app.js';
import { processCluster, type ProcessCluster } from '../support/process-cluster.js';
import { recipientOf, startMailbox, type TestMailbox } from '../support/smtp.js';
import { until } from '../support/until.js';

const DAY = 86_400_000;
const TODAY = new Date('2026-12-10T06:00:00Z');

/**
 * The dormant-account run across real processes (issue 16): two server processes on one
 * database, on the same fixed clock (TEST_CLOCK, read by server.ts with NODE_ENV=test), both
 * asking for the day's run at start; the run happens once that day (one job, one disable and one
 * audit event per idle user, one warning mail), and once again the next day.
 */
describe(`the daily dormant run across server processes on ${dialect}`, () => {
  let mailbox: TestMailbox;
  let cluster: ProcessCluster;
  let db: Db;

  beforeEach(async () => {
    mailbox = await startMailbox();
    cluster = await processCluster('daily-runs-processes', {
      NODE_ENV: 'test',
      DORMANT_AFTER_DAYS: '90',
      DORMANT_WARN_DAYS: '7',
      SMTP_URL: mailbox.url,
      PUBLIC_URL: 'http://console.test',
    });
    ({ db } = cluster);
  });

  afterEach(async () => {
    await cluster?.close();
    await mailbox?.close();
  });

  /** A process on the fixed clock, once it listens. */
  const start = (offset: number, clock: Date, env: Record<string, string> = {}) =>
    cluster.start(offset, { TEST_CLOCK: clock.toISOString(), ...env });

  /** Two processes started at once, both up, their background work started. */
  async function startPair(offsets: [number, number], clock: Date) {
    await Promise.all(offsets.map((offset) => start(offset, clock)));
  }

  // Stopped before the next look at the database, so no process is still at work while it is read.
  const stopAll = () => cluster.stop();

  async function insertUser(email: string, lastLogin: Date) {
    const at = lastLogin.toISOString();
    const row = await db
      .insertInto('users')
      .values({
        name: email.split('@')[0]!,
        email,
        search_key: email,
        role: 'viewer',
        status: 'active',
        password_hash: null,
        created_at: at,
        updated_at: at,
        last_login_at: at,
        email_verified_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  const dormantJobs = () =>
    db
      .selectFrom('jobs')
      .select(['unique_key', 'state'])
      .where('kind', '=', 'users.dormant')
      .orderBy('id')
      .execute();

  it('disables and warns once a day, however many processes ask', async () => {
    // A first process migrates and makes the admin, with no background work, and stops: the two
    // that follow start on a ready database, at the same time.
    await start(0, TODAY, { BACKGROUND_WORK: 'false' });
    await stopAll();
    const idle = await insertUser('idle@example.com', new Date(TODAY.getTime() - 120 * DAY));
    const soon = await insertUser('soon@example.com', new Date(TODAY.getTime() - 85 * DAY));
    const fresh = await insertUser('fresh@example.com', new Date(TODAY.getTime() - 3 * DAY));

    await startPair([1, 2], TODAY);
    await until(async () => (await dormantJobs()).some((j) => j.state === 'succeeded'));
    await mailbox.waitFor(1);
    // Both processes look at the day's runs at start and on every tick after: give the second
    // time to have asked too before counting.
    await until(async () => {
      const open = await db
        .selectFrom('jobs')
        .select('id')
        .where('state', 'in', ['queued', 'running'])
        .execute();
      return open.length === 0;
    });
    await stopAll();

    expect(await dormantJobs()).toEqual([{ unique_key: 'daily:dormant:2026-12-10', state: 'succeeded' }]);
    const statuses = await db
      .selectFrom('users')
      .select(['id', 'status'])
      .where('id', 'in', [idle, soon, fresh])
      .orderBy('id')
      .execute();
    expect(statuses).toEqual([
      { id: idle, status: 'disabled' },
      { id: soon, status: 'active' },
      { id: fresh, status: 'active' },
    ]);
    const systemEvents = await db
      .selectFrom('audit_events')
      .select(['action', 'target_id'])
      .where('actor_id', 'is', null)
      .where('action', 'in', ['user.updated', 'user.dormant_warned'])
      .orderBy('id')
      .execute();
    expect(systemEvents).toEqual([
      { action: 'user.updated', target_id: String(idle) },
      { action: 'user.dormant_warned', target_id: String(soon) },
    ]);
    const warnings = await db.selectFrom('outbox').select(['recipient']).where('kind', '=', 'mail').execute();
    expect(warnings).toEqual([{ recipient: 'soon@example.com' }]);
    expect(mailbox.received.map(recipientOf)).toEqual(['soon@example.com']);

    // The next day is another run: `soon` is not yet past 90 days and was warned already, so it
    // changes nothing, but it is that day's own job.
    const tomorrow = new Date(TODAY.getTime() + DAY);
    await startPair([3, 4], tomorrow);
    await until(async () => (await dormantJobs()).filter((j) => j.state === 'succeeded').length === 2);
    await stopAll();
    expect((await dormantJobs()).map((j) => j.unique_key)).toEqual([
      'daily:dormant:2026-12-10',
      'daily:dormant:2026-12-11',
    ]);
    expect(await db.selectFrom('outbox').select('id').where('kind', '=', 'mail').execute()).toHaveLength(1);
    expect(mailbox.received).toHaveLength(1);
  });
});
