import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withSavepoint, type Db } from '../../src/db/dialect.js';
import { enqueueJob, JobReleased, type JobContext } from '../../src/services/background/jobs.js';
import { BackgroundWorker } from '../../src/services/background/worker.js';
import { requestCancel } from '../../src/db/jobs.repository.js';
import { dialect } from '../support/app.js';
import { concurrentHandles, sharedDatabase } from '../support/shared-db.js';
import { until } from '../support/until.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe(`jobs on ${dialect}`, () => {
  let handles: Db[];
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ handles, close } = await sharedDatabase(2));
  });
  afterEach(async () => close());

  const db = () => handles[0]!;
  const job = async (id: number) =>
    db().selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const items = async (id: number) =>
    db()
      .selectFrom('job_items')
      .select(['seq', 'outcome', 'ref', 'code'])
      .where('job_id', '=', id)
      .orderBy('seq')
      .execute();
  // What the items change: a row per applied item, in the item's own transaction.
  const applied = async () =>
    (await db().selectFrom('outbox').select('recipient').orderBy('id').execute()).map((r) => r.recipient);

  /** A job over params.names; each item writes one row, so applying an item twice would show. */
  function applyNames(ctx: JobContext<{ names: string[] }>, onItem?: (seq: number) => Promise<void>) {
    return (async () => {
      await ctx.setTotal(ctx.params.names.length);
      let changed = 0;
      for (const [seq, name] of ctx.params.names.entries()) {
        await onItem?.(seq);
        const report = await ctx.item(seq, async (trx) => {
          await trx
            .insertInto('outbox')
            .values({
              kind: 'trace',
              recipient: name,
              payload: '{}',
              state: 'sent',
              run_after: ctx.now().toISOString(),
              created_at: ctx.now().toISOString(),
            })
            .execute();
          return name === 'skip'
            ? { outcome: 'skipped', ref: name, code: 'not_wanted' }
            : { outcome: 'changed', ref: name };
        });
        if (report?.outcome === 'changed') changed += 1;
      }
      return { changed };
    })();
  }

  it('runs each item in order with its report row and progress, and keeps the result', async () => {
    const worker = new BackgroundWorker({ db: db(), log: silent });
    worker.handle('names', (ctx: JobContext<{ names: string[] }>) => applyNames(ctx));
    const { job: queued } = await enqueueJob(db(), {
      kind: 'names',
      params: { names: ['a', 'skip', 'c'] },
      requestedBy: null,
    });

    await worker.drain();

    const done = await job(queued.id);
    expect(done).toMatchObject({ state: 'succeeded', progress_done: 3, progress_total: 3, locked_by: null });
    expect(JSON.parse(done.result!)).toEqual({ changed: 2 });
    expect(await items(queued.id)).toEqual([
      { seq: 0, outcome: 'changed', ref: 'a', code: null },
      { seq: 1, outcome: 'skipped', ref: 'skip', code: 'not_wanted' },
      { seq: 2, outcome: 'changed', ref: 'c', code: null },
    ]);
    expect(await applied()).toEqual(['a', 'skip', 'c']);
  });

  it('goes on from its progress when its worker died, applies no item twice, and fences out the dead worker', async () => {
    const t0 = new Date('2026-12-06T10:00:00.000Z');
    let deadClock = t0;
    const names = ['a', 'b', 'c', 'd', 'e'];
    const { job: queued } = await enqueueJob(
      db(),
      { kind: 'names', params: { names }, requestedBy: null },
      t0,
    );

    // The first worker does two items, then hangs (as if its process froze) before the third.
    let hang!: () => void;
    const hung = new Promise<void>((resolve) => (hang = resolve));
    let reachedThird!: () => void;
    const atThird = new Promise<void>((resolve) => (reachedThird = resolve));
    const dying = new BackgroundWorker({ db: db(), log: silent, now: () => deadClock, leaseMs: 60_000 });
    let deadOutcome: unknown = 'still running';
    dying.handle('names', (ctx: JobContext<{ names: string[] }>) =>
      applyNames(ctx, async (seq) => {
        if (seq === 2) {
          reachedThird();
          await hung;
        }
      }).catch((error: unknown) => {
        deadOutcome = error;
        throw error;
      }),
    );
    const firstRun = dying.drain();
    await atThird;
    expect((await job(queued.id)).progress_done).toBe(2);

    // Another worker, after the lease has lapsed, takes the job over from item 2.
    const later = new Date(t0.getTime() + 61_000);
    const rescuer = new BackgroundWorker({ db: handles[1]!, log: silent, now: () => later, leaseMs: 60_000 });
    const resumedFrom: number[] = [];
    rescuer.handle('names', (ctx: JobContext<{ names: string[] }>) => {
      resumedFrom.push(ctx.resumeFrom);
      return applyNames(ctx);
    });
    await rescuer.drain();

    expect(resumedFrom).toEqual([2]);
    expect(await job(queued.id)).toMatchObject({ state: 'succeeded', progress_done: 5, attempts: 2 });
    expect(JSON.parse((await job(queued.id)).result!)).toEqual({ changed: 3 });
    expect(await applied()).toEqual(names);
    expect((await items(queued.id)).map((i) => i.ref)).toEqual(names);

    // The frozen worker wakes: it may not apply its item nor mark the job.
    deadClock = new Date(t0.getTime() + 120_000);
    hang();
    await firstRun;
    expect(deadOutcome).toBeInstanceOf(JobReleased);
    expect(await applied()).toEqual(names);
    expect(await job(queued.id)).toMatchObject({ state: 'succeeded', progress_done: 5 });
  });

  it('commits a batch of items at once: each in its savepoint, and a throw undoes the whole batch', async () => {
    const worker = new BackgroundWorker({ db: db(), log: silent });
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];
    worker.handle('batches', async (ctx: JobContext) => {
      for (let from = 0; from < names.length; from += 3) {
        const works = names.slice(from, from + 3).map((name) => async (trx: Db) => {
          if (name === 'e') throw new Error('the database went away');
          try {
            return await withSavepoint(trx, async (sp) => {
              await sp
                .insertInto('outbox')
                .values({
                  kind: 'trace',
                  recipient: name,
                  payload: '{}',
                  state: 'sent',
                  run_after: ctx.now().toISOString(),
                  created_at: ctx.now().toISOString(),
                })
                .execute();
              if (name === 'b') throw new Error('refused');
              return { outcome: 'changed', ref: name };
            });
          } catch {
            return { outcome: 'skipped', ref: name, code: 'refused' };
          }
        });
        await ctx.items(from, works);
      }
      return null;
    });
    const { job: queued } = await enqueueJob(db(), { kind: 'batches', params: {}, requestedBy: null });

    await worker.drain();

    // The first batch committed, b's own change undone by its savepoint; of the second batch,
    // nothing: not d, which ran before e threw, nor any report row or progress.
    expect(await job(queued.id)).toMatchObject({ state: 'failed', progress_done: 3 });
    expect(await items(queued.id)).toEqual([
      { seq: 0, outcome: 'changed', ref: 'a', code: null },
      { seq: 1, outcome: 'skipped', ref: 'b', code: 'refused' },
      { seq: 2, outcome: 'changed', ref: 'c', code: null },
    ]);
    expect(await applied()).toEqual(['a', 'c']);
  });

  it('cancels a queued job before it runs, and stops a running one before its next item', async () => {
    const worker = new BackgroundWorker({ db: db(), log: silent });
    let cancelNow: (() => Promise<unknown>) | null = null;
    worker.handle('names', (ctx: JobContext<{ names: string[] }>) =>
      applyNames(ctx, async (seq) => {
        if (seq === 1 && cancelNow) await cancelNow();
      }),
    );
    const { job: queued } = await enqueueJob(db(), {
      kind: 'names',
      params: { names: ['x'] },
      requestedBy: null,
    });
    await requestCancel(db(), queued.id, new Date().toISOString());
    await worker.drain();
    expect(await job(queued.id)).toMatchObject({ state: 'cancelled', progress_done: 0 });

    const { job: running } = await enqueueJob(db(), {
      kind: 'names',
      params: { names: ['a', 'b', 'c'] },
      requestedBy: null,
    });
    cancelNow = () => requestCancel(db(), running.id, new Date().toISOString());
    await worker.drain();

    expect(await job(running.id)).toMatchObject({
      state: 'cancelled',
      progress_done: 1,
      cancel_requested: 1,
    });
    expect(await applied()).toEqual(['a']);
  });

  it('fails a job whose handler throws, keeping its error and what it did', async () => {
    const worker = new BackgroundWorker({ db: db(), log: silent });
    worker.handle('names', (ctx: JobContext<{ names: string[] }>) =>
      applyNames(ctx, async (seq) => {
        if (seq === 1) throw new Error('the source went away');
      }),
    );
    const { job: queued } = await enqueueJob(db(), {
      kind: 'names',
      params: { names: ['a', 'b'] },
      requestedBy: null,
    });
    await worker.drain();
    expect(await job(queued.id)).toMatchObject({
      state: 'failed',
      error: 'the source went away',
      progress_done: 1,
    });
    expect(await applied()).toEqual(['a']);
  });

  it('answers the first job for a unique key already taken', async () => {
    const first = await enqueueJob(db(), {
      kind: 'names',
      params: { names: [] },
      requestedBy: null,
      uniqueKey: 'idem:1:k',
    });
    const again = await enqueueJob(handles[1]!, {
      kind: 'names',
      params: { names: ['other'] },
      requestedBy: null,
      uniqueKey: 'idem:1:k',
    });
    expect(first.created).toBe(true);
    expect(again).toEqual({ job: first.job, created: false });
    expect(await db().selectFrom('jobs').select('id').execute()).toHaveLength(1);
  });

  it('has two running workers run each of many jobs once', async () => {
    const runs = new Map<number, number>();
    const workers = concurrentHandles(handles).map((handle) => {
      const worker = new BackgroundWorker({ db: handle, log: silent, pollMs: 5 });
      worker.handle('count', async (ctx) => {
        runs.set(ctx.job.id, (runs.get(ctx.job.id) ?? 0) + 1);
        await new Promise((resolve) => setImmediate(resolve));
      });
      return worker;
    });
    for (let n = 0; n < 30; n += 1) await enqueueJob(db(), { kind: 'count', params: {}, requestedBy: null });
    workers.forEach((w) => w.start());
    try {
      await until(async () => {
        const left = await db().selectFrom('jobs').select('id').where('state', '!=', 'succeeded').execute();
        return left.length === 0;
      });
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    expect(runs.size).toBe(30);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
  });
});

describe(`daily runs on ${dialect}`, () => {
  let handles: Db[];
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ handles, close } = await sharedDatabase(2));
  });
  afterEach(async () => close());

  it('run once a day however many workers ask, not before their hour, and again the next day', async () => {
    let now = new Date('2026-12-06T02:59:59.000Z');
    const days: string[] = [];
    const workers = handles.map((handle) => {
      const worker = new BackgroundWorker({ db: handle, log: silent, now: () => now });
      worker.everyDay({ name: 'tidy', kind: 'tidy', hourUtc: 3 });
      worker.handle('tidy', async (ctx: JobContext<{ day: string }>) => {
        days.push(ctx.params.day);
      });
      return worker;
    });
    const drainAll = async () => {
      for (const worker of workers) await worker.drain();
    };

    await drainAll();
    expect(days).toEqual([]);

    now = new Date('2026-12-06T03:00:00.000Z');
    await drainAll();
    await drainAll();
    now = new Date('2026-12-06T23:59:59.000Z');
    await drainAll();
    expect(days).toEqual(['2026-12-06']);

    now = new Date('2026-12-07T04:00:00.000Z');
    await drainAll();
    expect(days).toEqual(['2026-12-06', '2026-12-07']);
    const keys = await handles[0]!.selectFrom('jobs').select('unique_key').orderBy('id').execute();
    expect(keys.map((k) => k.unique_key)).toEqual(['daily:tidy:2026-12-06', 'daily:tidy:2026-12-07']);
  });
});
