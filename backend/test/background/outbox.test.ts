import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction, type Db } from '../../src/db/dialect.js';
import { claimNext } from '../../src/db/work-queue.js';
import {
  DeliveryError,
  enqueueMessage,
  MAX_DELIVERY_ATTEMPTS,
  retryDelayMs,
  type MessageToDeliver,
} from '../../src/services/background/outbox.js';
import { BackgroundWorker } from '../../src/services/background/worker.js';
import { dialect } from '../support/app.js';
import { concurrentHandles, sharedDatabase } from '../support/shared-db.js';
import { until } from '../support/until.js';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

describe(`the outbox on ${dialect}`, () => {
  let handles: Db[];
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ handles, close } = await sharedDatabase(2));
  });
  afterEach(async () => close());

  const db = () => handles[0]!;
  const states = async () =>
    (
      await db()
        .selectFrom('outbox')
        .select(['id', 'state', 'attempts', 'last_error'])
        .orderBy('id')
        .execute()
    ).map((r) => ({ ...r, attempts: Number(r.attempts) }));

  function workerOn(handle: Db, options: { now?: () => Date; pollMs?: number; leaseMs?: number } = {}) {
    const delivered: MessageToDeliver[] = [];
    const worker = new BackgroundWorker({ db: handle, log: silent, ...options });
    worker.deliver('mail', async (message) => {
      delivered.push(message);
    });
    return { worker, delivered };
  }

  it('delivers what a committed transaction enqueued, once, and nothing of one that rolled back', async () => {
    await expect(
      inTransaction(db(), async (trx) => {
        await enqueueMessage(trx, { kind: 'mail', recipient: 'lost@example.com', payload: { n: 1 } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await inTransaction(db(), (trx) =>
      enqueueMessage(trx, { kind: 'mail', recipient: 'ann@example.com', payload: { subject: 'Hi' } }),
    );
    const { worker, delivered } = workerOn(db());

    await worker.drain();
    await worker.drain();

    expect(delivered).toEqual([
      {
        id: expect.any(Number),
        kind: 'mail',
        recipient: 'ann@example.com',
        payload: { subject: 'Hi' },
        attempt: 1,
      },
    ]);
    expect(await states()).toEqual([{ id: delivered[0]!.id, state: 'sent', attempts: 1, last_error: null }]);
  });

  it('wakes a running worker when the enqueuing transaction commits, without waiting for its poll', async () => {
    const { worker, delivered } = workerOn(db(), { pollMs: 3_600_000 });
    worker.start();
    try {
      await inTransaction(db(), (trx) =>
        enqueueMessage(trx, { kind: 'mail', recipient: 'ann@example.com', payload: {} }),
      );
      await until(() => delivered.length === 1);
    } finally {
      await worker.stop();
    }
  });

  it('retries a temporary failure after a growing delay, and gives up after the last try', async () => {
    let now = new Date('2026-12-06T10:00:00.000Z');
    const worker = new BackgroundWorker({ db: db(), log: silent, now: () => now });
    let tries = 0;
    worker.deliver('mail', async () => {
      tries += 1;
      throw new DeliveryError('451 try again later', false);
    });
    await enqueueMessage(db(), { kind: 'mail', recipient: 'ann@example.com', payload: {} }, now);

    for (let attempt = 1; attempt <= MAX_DELIVERY_ATTEMPTS; attempt += 1) {
      await worker.drain();
      expect(tries).toBe(attempt);
      // Not again before its delay has passed.
      now = new Date(now.getTime() + retryDelayMs(attempt) - 1);
      await worker.drain();
      expect(tries).toBe(attempt);
      now = new Date(now.getTime() + 1);
    }
    await worker.drain();

    expect(tries).toBe(MAX_DELIVERY_ATTEMPTS);
    expect(await states()).toEqual([
      {
        id: expect.any(Number),
        state: 'failed',
        attempts: MAX_DELIVERY_ATTEMPTS,
        last_error: '451 try again later',
      },
    ]);
  });

  it('marks a permanent failure failed at once, and delivers the others', async () => {
    const worker = new BackgroundWorker({ db: db(), log: silent });
    const delivered: string[] = [];
    worker.deliver('mail', async ({ recipient }) => {
      if (recipient.startsWith('bad')) throw new DeliveryError('550 no such mailbox', true);
      delivered.push(recipient);
    });
    await enqueueMessage(db(), { kind: 'mail', recipient: 'bad@example.com', payload: {} });
    await enqueueMessage(db(), { kind: 'mail', recipient: 'good@example.com', payload: {} });

    await worker.drain();

    expect(delivered).toEqual(['good@example.com']);
    expect((await states()).map((s) => [s.state, s.attempts, s.last_error])).toEqual([
      ['failed', 1, '550 no such mailbox'],
      ['sent', 1, null],
    ]);
  });

  it('leaves kinds it has no deliverer for to a process that has one', async () => {
    const { worker, delivered } = workerOn(db());
    await enqueueMessage(db(), { kind: 'webhook', recipient: 'https://example.com/hook', payload: {} });
    await worker.drain();
    expect(delivered).toEqual([]);
    expect((await states()).map((s) => s.state)).toEqual(['queued']);
  });

  it('has two workers on two connections deliver each of many messages exactly once', async () => {
    const count = 60;
    for (let n = 0; n < count; n += 1) {
      await enqueueMessage(db(), { kind: 'mail', recipient: `u${n}@example.com`, payload: { n } });
    }
    const seen = new Map<number, number>();
    const workers = concurrentHandles(handles).map((handle) => {
      const worker = new BackgroundWorker({ db: handle, log: silent, pollMs: 5 });
      worker.deliver('mail', async ({ id }) => {
        seen.set(id, (seen.get(id) ?? 0) + 1);
        await new Promise((resolve) => setImmediate(resolve));
      });
      return worker;
    });
    workers.forEach((w) => w.start());
    try {
      await until(async () => (await states()).every((s) => s.state === 'sent'));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
    expect(seen.size).toBe(count);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
  });

  it('takes over a message whose worker died once its lease lapses, and fences out the dead one', async () => {
    const t0 = new Date('2026-12-06T10:00:00.000Z');
    await enqueueMessage(db(), { kind: 'mail', recipient: 'ann@example.com', payload: {} }, t0);
    // A worker claims it and dies before delivering.
    const dead = await claimNext(db(), 'outbox', {
      now: t0,
      leaseUntil: new Date(t0.getTime() + 60_000),
      token: 'dead-worker',
      kinds: ['mail'],
    });
    expect(dead?.state).toBe('sending');

    const early = workerOn(handles[1]!, { now: () => new Date(t0.getTime() + 59_000) });
    await early.worker.drain();
    expect(early.delivered).toEqual([]);

    const late = workerOn(handles[1]!, { now: () => new Date(t0.getTime() + 61_000) });
    await late.worker.drain();
    expect(late.delivered.map((m) => m.attempt)).toEqual([2]);
    expect((await states()).map((s) => s.state)).toEqual(['sent']);
  });
});
