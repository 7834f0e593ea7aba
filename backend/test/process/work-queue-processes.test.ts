import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDb, type Db } from '../../src/db/dialect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { enqueueJob } from '../../src/services/background/jobs.js';
import { enqueueMessage } from '../../src/services/background/outbox.js';
import { runTs } from '../support/spawn.js';

/**
 * Several processes on one SQLite file: each mail is delivered once and each job item applied
 * once, whichever process claims it. (PostgreSQL's SKIP LOCKED claim is tested with several
 * connections in test/background/.)
 */
describe('background work shared by processes on one SQLite file', () => {
  let dir: string;
  let db: Db;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ums-queue-'));
    db = createDb(loadConfig({ NODE_ENV: 'test', DATABASE_URL: `sqlite:${join(dir, 'app.db')}` }).database);
    await migrateToLatest(db);
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers each of 150 mails once and applies each of 200 job items once across three processes', async () => {
    for (let n = 0; n < 150; n += 1) {
      await enqueueMessage(db, { kind: 'mail', recipient: `u${n}@example.com`, payload: {} });
    }
    const names: string[] = [];
    for (let j = 0; j < 20; j += 1) {
      const batch = Array.from({ length: 10 }, (_, i) => `job${j}-item${i}`);
      names.push(...batch);
      await enqueueJob(db, { kind: 'names', params: { names: batch }, requestedBy: null });
    }
    const deliveries = join(dir, 'deliveries.log');
    writeFileSync(deliveries, '');

    const runs = await Promise.all(
      [1, 2, 3].map(() =>
        runTs('test/support/queue-worker.ts', [`sqlite:${join(dir, 'app.db')}`, deliveries], {
          env: {},
          cwd: dir,
        }),
      ),
    );

    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0 });
    const lines = readFileSync(deliveries, 'utf8').trim().split('\n');
    const ids = lines.map((line) => line.split(' ')[1]);
    expect(ids).toHaveLength(150);
    expect(new Set(ids).size).toBe(150);
    const traces = await db.selectFrom('outbox').select('recipient').where('kind', '=', 'trace').execute();
    expect(traces.map((t) => t.recipient).sort()).toEqual([...names].sort());
    const states = await db.selectFrom('jobs').select(['state', 'progress_done']).execute();
    expect(states.every((s) => s.state === 'succeeded' && s.progress_done === 10)).toBe(true);
  });
});
