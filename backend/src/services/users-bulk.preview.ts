import type { Db } from '../db/dialect.js';
import { countUnrevokedSessions } from '../db/sessions.repository.js';
import { findActiveAdminIds, findTargetRows } from '../db/users.repository.js';
import { DomainError } from '../errors.js';
import type { JobItem } from '../schemas/jobs.js';
import type { BulkCounts, BulkResult } from '../schemas/users-bulk.js';
import type { ItemReport } from './background/jobs.js';
import type { ActionContext } from './context.js';
import type { BulkAction, BulkActionInput } from './users-bulk.actions.js';
import { emptyCounts, skipped, toItem } from './users-bulk.items.js';
import { isActiveAdmin, lastAdmin, userNotFound, type TargetRow } from './user-rules.js';

/**
 * A bulk change's dry run (decision 0177): every item under the rules its real run follows
 * (user-rules.ts), decided on the users as they are now, read a page at a time, changing
 * nothing. Each item sees what the items before it would have done, as in the real run; the one
 * rule that depends on other items is the last admin, so the preview carries the set of active
 * admins from item to item. Reading instead of trying each change and rolling it back keeps a
 * preview of 100,000 users to a few hundred queries, answered well within a proxy's timeout, and
 * takes no lock another request would wait for.
 */

/** A dry run lists at most this many of its skipped and failed items. */
const ITEMS_MAX = 1000;

/** Users read per query. */
const PAGE = 500;

/** One item on its row (undefined: no such user) with `admins` as the items before left them. */
function previewItem(
  action: BulkAction,
  ctx: ActionContext,
  input: BulkActionInput,
  target: [number, number | null],
  row: TargetRow | undefined,
  admins: Set<number>,
): ItemReport {
  const ref = target[0];
  const rules = action.rules(ctx, toItem(target), input);
  try {
    rules.refuseEarly();
    if (!row) throw userNotFound();
    rules.authorize(row);
    if (rules.removesAdmin(row) && admins.size - (admins.has(row.id) ? 1 : 0) === 0) throw lastAdmin();
    rules.refuseLate(row);
    if (rules.leavesAsIs(row)) return { outcome: 'unchanged', ref };
    const after = rules.after(row);
    if (after && isActiveAdmin(after)) admins.add(row.id);
    else admins.delete(row.id);
    return { outcome: 'changed', ref };
  } catch (error) {
    if (error instanceof DomainError) return skipped(error, ref);
    throw error;
  }
}

export async function previewBulk(
  db: Db,
  ctx: ActionContext,
  action: BulkAction,
  input: BulkActionInput,
  targets: [number, number | null][],
): Promise<BulkResult> {
  const counts = emptyCounts(targets.length);
  const items: JobItem[] = [];
  const admins = new Set(await findActiveAdminIds(db));
  for (let from = 0; from < targets.length; from += PAGE) {
    const page = targets.slice(from, from + PAGE);
    const ids = page.map(([id]) => id);
    const [rows, sessions] = await Promise.all([
      findTargetRows(db, ids),
      action.readsSessions ? countUnrevokedSessions(db, ids) : undefined,
    ]);
    const byId = new Map<number, TargetRow>(
      rows.map((row) => [row.id, { ...row, open_sessions: sessions?.get(row.id) ?? 0 }]),
    );
    page.forEach((target, index) => {
      const report = previewItem(action, ctx, input, target, byId.get(target[0]), admins);
      counts[report.outcome as keyof BulkCounts]++;
      if (report.outcome === 'skipped' && items.length < ITEMS_MAX) {
        items.push({
          seq: from + index,
          ref: String(report.ref),
          outcome: report.outcome,
          code: report.code ?? null,
          message: report.message ?? null,
        });
      }
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
