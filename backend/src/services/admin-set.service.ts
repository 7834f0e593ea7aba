import type { Db } from '../db/dialect.js';
import { countActiveAdmins, holdsAdminSet } from '../db/users.repository.js';
import { lastAdmin } from './user-rules.js';

/**
 * An active admin always remains. Every change that can alter who the active admins are (a
 * role or status change, a delete; one user or many) keeps that rule the same way, in its
 * transaction (decision 0122):
 *
 * 1. `lockAdminSet(trx)` before it reads or locks any user row;
 * 2. its reads of the rows it changes, locked (`lockUserById`);
 * 3. `assertAdminRemains(trx, ids)` with the active admins the change takes out of the set;
 * 4. its writes.
 */
export { lockAdminSet } from '../db/users.repository.js';

/** Refuses a change that takes `leaving` out of the active admins when no other would remain. */
export async function assertAdminRemains(trx: Db, leaving: readonly number[]): Promise<void> {
  if (leaving.length === 0) return;
  // Without the lock the count could be stale by the time the change commits.
  if (!holdsAdminSet(trx)) throw new Error('assertAdminRemains needs lockAdminSet first');
  if ((await countActiveAdmins(trx, leaving)) === 0) throw lastAdmin();
}
