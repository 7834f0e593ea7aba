import { inTransaction, withSavepoint, type Db } from '../db/dialect.js';
import { findActiveAdminIds, imposeActiveAdmins } from '../db/users.repository.js';
import { DomainError, ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { JobItem } from '../schemas/jobs.js';
import type { BulkCounts, BulkResult } from '../schemas/users-bulk.js';
import type { ItemReport } from './background/jobs.js';
import type { Log } from './background/log.js';
import type { ActionContext } from './context.js';
import type { BulkAction, BulkActionInput, BulkItem } from './users-bulk.actions.js';

/**
 * A bulk change's items (users-bulk.service.ts): one item under its action's rules, in the real
 * run and in a dry run, which tries every item and changes nothing.
 */

/** A dry run lists at most this many of its skipped and failed items. */
const DRY_RUN_ITEMS_MAX = 1000;

/**
 * A dry run tries this many items per transaction (rolled back), so on SQLite other requests get
 * the write lock between chunks instead of waiting out the whole preview.
 */
const DRY_RUN_CHUNK = 500;

const toItem = ([id, version]: [number, number | null]): BulkItem => ({
  id,
  ...(version !== null && { precondition: { versions: [version] } }),
});

// Codes for a refusal that carries no reason of its own.
const CODES = new Map<abstract new (...args: never[]) => DomainError, string>([
  [NotFoundError, 'not_found'],
  [ForbiddenError, 'forbidden'],
  [ValidationError, 'invalid'],
]);

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
    const changed = await withSavepoint(trx, () => action.apply(trx, ctx, toItem(target), input, now));
    return { outcome: changed ? 'changed' : 'unchanged', ref };
  } catch (error) {
    if (error instanceof DomainError) {
      const code = error.reason ?? [...CODES].find(([kind]) => error instanceof kind)?.[1] ?? 'refused';
      return { outcome: 'skipped', ref, code, message: error.message };
    }
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

/** Thrown to roll a dry run's transaction back once its items have been tried. */
class DryRunChunkOver extends Error {}

/**
 * Every item under its rules, changing nothing: chunks of items, each in a transaction that is
 * rolled back. Each item sees what the items before it would have done, as in the real run:
 * within a chunk because they are in its transaction, and across chunks because each begins by
 * restoring the active admin set the previous one ended with (the one rule that depends on other
 * items: the third of three admins disabled is the last).
 */
export async function dryRun(
  db: Db,
  ctx: ActionContext,
  action: BulkAction,
  input: BulkActionInput,
  targets: [number, number | null][],
  now: Date,
): Promise<BulkResult> {
  const counts = emptyCounts(targets.length);
  const items: JobItem[] = [];
  let admins: number[] | null = null;
  for (let from = 0; from < targets.length; from += DRY_RUN_CHUNK) {
    // Between chunks, requests waiting for the database go first (see JobContext.item).
    if (from > 0) await new Promise((resolve) => setImmediate(resolve));
    await inTransaction(db, async (trx) => {
      if (admins !== null) await imposeActiveAdmins(trx, admins);
      for (let seq = from; seq < Math.min(from + DRY_RUN_CHUNK, targets.length); seq++) {
        const report = await runItem(trx, action, ctx, input, targets[seq]!, now);
        counts[report.outcome as keyof BulkCounts]++;
        if (
          (report.outcome === 'skipped' || report.outcome === 'failed') &&
          items.length < DRY_RUN_ITEMS_MAX
        ) {
          items.push({
            seq,
            ref: String(report.ref),
            outcome: report.outcome,
            code: report.code ?? null,
            message: report.message ?? null,
          });
        }
      }
      admins = await findActiveAdminIds(trx);
      throw new DryRunChunkOver();
    }).catch((error: unknown) => {
      if (!(error instanceof DryRunChunkOver)) throw error;
    });
  }
  return {
    dry_run: true,
    job: null,
    counts,
    items,
    items_omitted: counts.skipped + counts.failed - items.length,
  };
}
