import { appendFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config.js';
import { createDb } from '../../src/db/dialect.js';
import type { JobContext } from '../../src/services/background/jobs.js';
import { BackgroundWorker } from '../../src/services/background/worker.js';

/**
 * One process of test/process/work-queue-processes.test.ts: a background worker on the database
 * named by argv[2], until no work is left. Each mail delivered is a line in argv[3]; each job item
 * writes a `trace` row in its own transaction, so an item applied twice would show.
 */
const [url, deliveries] = process.argv.slice(2) as [string, string];
const db = createDb(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }).database);
const quiet = () => undefined;
const worker = new BackgroundWorker({
  db,
  log: { info: quiet, warn: quiet, error: console.error },
  pollMs: 5,
});
worker.deliver('mail', async ({ id }) => {
  appendFileSync(deliveries, `${process.pid} ${id}\n`);
});
worker.handle('names', async (ctx: JobContext<{ names: string[] }>) => {
  for (const [seq, name] of ctx.params.names.entries()) {
    await ctx.item(seq, async (trx) => {
      const at = new Date().toISOString();
      await trx
        .insertInto('outbox')
        .values({
          kind: 'trace',
          recipient: name,
          payload: String(process.pid),
          state: 'sent',
          run_after: at,
          created_at: at,
        })
        .execute();
      return { outcome: 'changed', ref: name };
    });
  }
});
worker.start();
for (;;) {
  const mail = await db
    .selectFrom('outbox')
    .select('id')
    .where('kind', '=', 'mail')
    .where('state', '!=', 'sent')
    .limit(1)
    .execute();
  const jobs = await db.selectFrom('jobs').select('id').where('state', '!=', 'succeeded').limit(1).execute();
  if (mail.length === 0 && jobs.length === 0) break;
  await sleep(20);
}
await worker.stop();
await db.destroy();
