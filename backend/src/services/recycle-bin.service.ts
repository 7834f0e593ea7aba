import { inTransaction, isUniqueViolation, toIso, type Db } from '../db/dialect.js';
import * as bin from '../db/recycle-bin.repository.js';
import type { UserRow } from '../db/types.js';
import { findUserByEmail } from '../db/users.repository.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { DeletedUser } from '../schemas/lifecycle.js';
import { diff, recordEvent } from './audit.service.js';
import type { ActionContext, Author } from './context.js';
import { DEFAULT_PER_PAGE, pageMeta, pageOffset, type Page } from './paging.js';
import { USER_DELETION_STEPS } from './user-deletion-steps.js';
import { toUser } from './user-fields.js';

// The recycle bin (decision 0172): DELETE moves a user here (users.service.ts), an admin lists
// and restores them, and the daily purge removes them for good after DELETED_RETENTION_DAYS.

const notInBin = () => new NotFoundError('No deleted user with this id is in the recycle bin');

const emailRetaken = (email: string) =>
  new ConflictError(
    `The email ${email} belongs to another user now; change or delete that user before restoring this one`,
  );

/** What the bin shows of a user: its profile, when it was deleted, and until when it can come back. */
function toDeletedUser(row: bin.BinnedRow | UserRow, retentionDays: number): DeletedUser {
  const deletedAt = toIso(row.deleted_at!);
  const purgeAfter = new Date(new Date(deletedAt).getTime() + retentionDays * 86_400_000).toISOString();
  return { ...toUser(row), deleted_at: deletedAt, purge_after: purgeAfter };
}

export async function listDeletedUsers(
  db: Db,
  retentionDays: number,
  query: { page?: number; per_page?: number },
): Promise<Page<DeletedUser>> {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  const [rows, total] = await Promise.all([
    bin.findBinPage(db, perPage, pageOffset(page, perPage)),
    bin.countBin(db),
  ]);
  return { items: rows.map((r) => toDeletedUser(r, retentionDays)), meta: pageMeta(page, perPage, total) };
}

/**
 * Brings a user back with every field as it was; their sessions stay ended. A user deleted
 * longer ago than the retention may still be here until the day's purge: it comes back too.
 */
export async function restoreUser(db: Db, ctx: ActionContext, id: number, now = new Date()) {
  try {
    return await inTransaction(db, async (trx) => {
      const row = await bin.lockBinnedUser(trx, id);
      if (!row) throw notInBin();
      if (await findUserByEmail(trx, row.email)) throw emailRetaken(row.email);
      const restored = await bin.takeOutOfBin(trx, row);
      await recordEvent(
        trx,
        {
          action: 'user.restored',
          actor: ctx.actor,
          target: { type: 'user', id },
          changes: { deleted_at: [toIso(row.deleted_at!), null] },
          request: ctx.request,
        },
        now,
      );
      return toUser(restored);
    });
  } catch (error) {
    // Another user took the address between the check and the restore: the index decides.
    if (isUniqueViolation(error)) throw new ConflictError('The email belongs to another user now');
    throw error;
  }
}

/**
 * Removes a user's row for good, inside the caller's transaction, after what other resources do
 * when a user goes (user-deletion-steps.ts). `changes` is what the event keeps of the user:
 * their profile for a purge that skips the bin, nothing for one from the bin (the delete's
 * event already holds it).
 */
export async function purgeRow(
  trx: Db,
  author: Author,
  row: UserRow,
  changes: ReturnType<typeof diff> | null,
): Promise<void> {
  for (const step of USER_DELETION_STEPS) await step(trx, { user: toUser(row), ctx: author });
  await bin.deleteUserRow(trx, row.id);
  await recordEvent(trx, {
    action: 'user.purged',
    actor: author.actor,
    actorEmail: author.actorEmail,
    target: { type: 'user', id: row.id },
    changes,
    request: author.request,
  });
}

/** Purges one user from the bin now (an admin's "Delete for good" in the Deleted view). */
export async function purgeDeletedUser(db: Db, ctx: ActionContext, id: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const row = await bin.lockBinnedUser(trx, id);
    if (!row) throw notInBin();
    await purgeRow(trx, ctx, row, null);
  });
}

/** The users the daily purge removes: in the bin since before `now - retentionDays`. */
export async function expiredBinIds(db: Db, retentionDays: number, now: Date): Promise<number[]> {
  return bin.findExpiredIds(db, new Date(now.getTime() - retentionDays * 86_400_000).toISOString());
}

/** One item of the daily purge: the user, if still in the bin (a restore may have come first). */
export async function purgeExpired(
  trx: Db,
  author: Author,
  id: number,
  retentionDays: number,
): Promise<'purged' | 'restored'> {
  const row = await bin.lockBinnedUser(trx, id);
  if (!row) return 'restored';
  await purgeRow(trx, author, row, { reason: [null, `recycle bin retention: ${retentionDays} days`] });
  return 'purged';
}

/** The reservation of a binned user's address (decision 0172): refused unless the caller says so. */
export async function assertEmailNotInBin(trx: Db, email: string): Promise<void> {
  const holder = await bin.findBinnedByEmail(trx, email);
  if (holder) throw new ConflictError(emailInBin(holder.id));
}

/** Why an address a binned user holds is refused (an import's dry run reports it per row). */
export const emailInBin = (holderId: number) =>
  `A deleted user (${holderId}) in the recycle bin holds this email: restore or purge them, ` +
  'or create with reuse_deleted_email: true (that user can then not be restored)';
