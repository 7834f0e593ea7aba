import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/dialect.js';
import { ConflictError } from '../../src/errors.js';
import { assertAdminRemains, lockAdminSet } from '../../src/services/admin-set.service.js';
import { LAST_ADMIN } from '../../src/services/user-rules.js';
import { dialect, freshDbForEachTest } from '../support/app.js';
import { rejection } from '../support/errors.js';
import { until } from '../support/until.js';
import { insertUsers } from '../support/users.js';

// The lock and the check that every change to the set of active admins goes through (decision
// 0122); the races they settle are in test/http/last-admin.test.ts and
// test/deploy/last-admin-servers.test.ts.
describe(`the admin-set lock on ${dialect}`, () => {
  const db = freshDbForEachTest();

  it('refuses to take away the last active admins, not counting disabled ones', async () => {
    const [a, b] = await insertUsers(db(), [
      { name: 'A', email: 'a@example.com', role: 'admin' },
      { name: 'B', email: 'b@example.com', role: 'admin' },
      { name: 'Off', email: 'off@example.com', role: 'admin', status: 'disabled' },
    ]);

    await inTransaction(db(), async (trx) => {
      await lockAdminSet(trx);
      await assertAdminRemains(trx, [a!]);
      const error = await rejection(assertAdminRemains(trx, [a!, b!]), ConflictError);
      expect(error.message).toBe(LAST_ADMIN);
    });
  });

  it('will not check the rule for a transaction that did not take the lock', async () => {
    const [a] = await insertUsers(db(), [{ name: 'A', email: 'a@example.com', role: 'admin' }]);

    await expect(inTransaction(db(), (trx) => assertAdminRemains(trx, [a!]))).rejects.toThrow(
      'assertAdminRemains needs lockAdminSet first',
    );
  });

  it.runIf(dialect === 'postgres')(
    'is refused outside a transaction, where it would end at once',
    async () => {
      await expect(lockAdminSet(db())).rejects.toThrow('lockAdminSet needs a transaction');
    },
  );

  it.runIf(dialect === 'postgres')('keeps a second holder waiting until the first one commits', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const firstHolds = new Promise<void>((resolve) => (locked = resolve));
    const first = inTransaction(db(), async (trx) => {
      await lockAdminSet(trx);
      locked();
      await released;
    });
    await firstHolds;

    let secondHeld = false;
    const second = inTransaction(db(), async (trx) => {
      await lockAdminSet(trx);
      secondHeld = true;
    });
    let heldWhileFirstOpen: boolean;
    try {
      // Until it waits (or, without the lock, gets through), however long a busy machine takes.
      // This schema's lock is keyed by its users table, so waiters elsewhere do not count.
      await until(async () => {
        if (secondHeld) return true;
        const { rows } = await sql<{ n: string }>`
          select count(*) as n from pg_locks
          where locktype = 'advisory' and not granted and objid = 'users'::regclass::oid
        `.execute(db());
        return Number(rows[0]!.n) === 1;
      });
      heldWhileFirstOpen = secondHeld;
    } finally {
      release();
      await first;
      await second;
    }

    expect(heldWhileFirstOpen).toBe(false);
    expect(secondHeld).toBe(true);
  });
});
