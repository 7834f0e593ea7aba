import { withSavepoint, type Db } from '../db/dialect.js';
import { holdsAdminSet } from '../db/users.repository.js';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { BulkCounts } from '../schemas/users-bulk.js';
import type { ItemReport } from './background/jobs.js';
import type { Log } from './background/log.js';
import { lockAdminSet } from './admin-set.service.js';
import type { ActionContext } from './context.js';
import type { BulkAction, BulkActionInput, BulkItem } from './users-bulk.actions.js';

/** A bulk change's items (users-bulk.service.ts): one item under its action's rules. */

export const toItem = ([id, version]: [number, number | null]): BulkItem => ({
  id,
  ...(version !== null && { precondition: { versions: [version] } }),
});

// Codes for a refusal that carries no reason of its own.
const CODES = new Map<abstract new (...args: never[]) => DomainError, string>([
  [NotFoundError, 'not_found'],
  [ForbiddenError, 'forbidden'],
  [ValidationError, 'invalid'],
]);

/** The report of an item the rules refused: the rule's reason, or the kind of refusal. */
export function skipped(error: DomainError, ref: number): ItemReport {
  const code = error.reason ?? [...CODES].find(([kind]) => error instanceof kind)?.[1] ?? 'refused';
  return { outcome: 'skipped', ref, code, message: error.message };
}

/**
 * One item under its action's rules, inside `trx`: changed or unchanged, skipped with the rule
 * that refused it, or failed. A refusal or failure undoes only this item's changes.
 */
export async function runItem(
  trx: Db,
  action: BulkAction,
  ctx: ActionContext,
  input: BulkActionInput,
  target: [number, number | null],
  now: Date,
  log?: Log,
): Promise<ItemReport> {
  const ref = target[0];
  try {
    // A batch of items shares one transaction (decision 0178) and holds the rows each item
    // touched until it commits. Its first item locks the admin set, whatever the action and
    // outside the item's savepoint, before any row: batches then take turns instead of each
    // waiting for rows the other holds, a deadlock on PostgreSQL (ending the sessions of [b, a]
    // beside disabling [a, b]).
    if (!holdsAdminSet(trx)) await lockAdminSet(trx);
    const changed = await withSavepoint(trx, () => action.apply(trx, ctx, toItem(target), input, now));
    return { outcome: changed ? 'changed' : 'unchanged', ref };
  } catch (error) {
    if (error instanceof DomainError) return skipped(error, ref);
    log?.error({ err: error, userId: ref }, 'bulk item failed');
    return {
      outcome: 'failed',
      ref,
      code: 'internal_error',
      message: 'The change failed; see the server log',
    };
  }
}

export function emptyCounts(total: number): BulkCounts {
  return { total, changed: 0, unchanged: 0, skipped: 0, failed: 0 };
}
