import type { FastifyInstance } from 'fastify';
import { sql, type RawBuilder } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPostgres } from '../../src/db/dialect.js';

export interface Gate {
  /**
   * Waits until `count` transactions queue behind the gate, then lets them all go at once.
   * Give it the requests too: if they finish without reaching the gate, it says so at once
   * rather than waiting for them until the test's hang guard.
   */
  openWhenBlocked: (count: number, requests?: Promise<unknown>) => Promise<void>;
  /**
   * Waits as openWhenBlocked does but leaves the gate closed, so a test can send more requests
   * that must queue behind those already waiting; `open` then lets them all go.
   */
  whenBlocked: (count: number, requests?: Promise<unknown>) => Promise<void>;
  open: () => Promise<void>;
}

/**
 * Makes two requests meet inside their transactions. Sent together, one request can finish
 * before the other is even authenticated, and the loser then fails sign-in or its permission
 * check instead of reaching the rule under test. On PostgreSQL the gate holds the active
 * admins' rows locked, so both requests get past authentication (plain reads are not blocked)
 * and wait in their transactions: the first at its target's `for update`, the next at the
 * admin-set lock behind it (decision 0122); once both are waiting, it lets go. On SQLite
 * there is one connection, taken in order: both requests' sign-in reads are queued before
 * either's transaction, so no gate is needed.
 */
export function closeAdminGate(app: FastifyInstance): Promise<Gate> {
  return closeGate(app, sql`select id from users where role = 'admin' and status = 'active' for update`);
}

/**
 * The same gate on whatever rows `lock` (a `select ... for update`) locks, so requests queue
 * at the point of their transaction that needs those rows. A no-op on SQLite.
 */
export async function closeGate(app: FastifyInstance, lock: RawBuilder<unknown>): Promise<Gate> {
  if (!isPostgres(app.db)) {
    const nothing = async () => undefined;
    return { openWhenBlocked: nothing, whenBlocked: nothing, open: nothing };
  }

  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let ready!: (pid: number) => void;
  const locked = new Promise<number>((resolve) => (ready = resolve));
  const holder = app.db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    await lock.execute(conn);
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(conn);
    ready(rows[0]!.pid);
    await released;
    await sql`commit`.execute(conn);
  });
  const pid = await locked;

  const open = async () => {
    release();
    await holder;
  };
  const whenBlocked: Gate['whenBlocked'] = async (count, requests) => {
    let finished = false;
    void requests?.finally(() => (finished = true)).catch(() => undefined);
    // Polls the server's own view of who waits on the gate, for as long as it takes: a busy
    // machine may take seconds to get the requests there. The first waiter for a row lock
    // blocks the next ones, so waiters of waiters count too.
    for (;;) {
      const { rows } = await sql<{ n: string }>`
          with recursive waiting(pid) as (
            select a.pid from pg_stat_activity a where ${pid} = any(pg_blocking_pids(a.pid))
            union
            select a.pid from pg_stat_activity a join waiting w on w.pid = any(pg_blocking_pids(a.pid))
          )
          select count(*) as n from waiting
        `.execute(app.db);
      if (Number(rows[0]!.n) >= count) break;
      if (finished) {
        await open();
        throw new Error(`the requests finished with only ${rows[0]!.n} of ${count} at the gate`);
      }
      await sleep(10);
    }
  };
  return {
    openWhenBlocked: async (count, requests) => {
      await whenBlocked(count, requests);
      await open();
    },
    whenBlocked,
    open,
  };
}
