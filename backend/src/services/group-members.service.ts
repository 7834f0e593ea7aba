import { inTransaction, isForeignKeyViolation, type Db } from '../db/dialect.js';
import * as members from '../db/group-members.repository.js';
import { findGroupById, findGroupNames, lockGroupById } from '../db/groups.repository.js';
import { findProfileById } from '../db/users.repository.js';
import type { GroupMemberRow } from '../db/types.js';
import { NotFoundError } from '../errors.js';
import type { GroupMember } from '../schemas/groups.js';
import type { User } from '../schemas/users.js';
import { diff, recordEvent } from './audit.service.js';
import type { ActionContext, Author } from './context.js';
import { requireGroup, toMember } from './group-fields.js';
import { DEFAULT_PER_PAGE, pageMeta, pageOffset, type Page } from './paging.js';
import { requireUser } from './require-user.js';

// Who belongs to which group. A membership has no version of its own and does not change its
// group's: adding or removing a member is not an edit of the group's name or description.

const notAMember = () => new NotFoundError('The user is not a member of this group');

export async function listMembers(
  db: Db,
  groupId: number,
  query: { page?: number; per_page?: number },
): Promise<Page<GroupMember>> {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  await requireGroup(findGroupById(db, groupId));
  const [rows, total] = await Promise.all([
    members.findMemberPage(db, groupId, perPage, pageOffset(page, perPage)),
    members.countMembers(db, groupId),
  ]);
  return { items: rows.map(toMember), meta: pageMeta(page, perPage, total) };
}

export async function getMember(db: Db, groupId: number, userId: number): Promise<GroupMember> {
  await requireGroup(findGroupById(db, groupId));
  const row = await members.findMember(db, groupId, userId);
  if (!row) throw notAMember();
  return toMember(row);
}

/**
 * Makes a user a member. Adding a member twice is not an error: the answer says it already was
 * (`added: false`) and nothing is recorded, so a client retrying after a lost answer is not told
 * it failed (the same reasoning as decision 0129's disable of a disabled user).
 */
export async function addMember(
  db: Db,
  ctx: ActionContext,
  groupId: number,
  userId: number,
  now = new Date(),
): Promise<{ member: GroupMember; added: boolean }> {
  try {
    return await inTransaction(db, async (trx) => {
      // Locked, so a delete of the group waits for this membership and then ends it too.
      const group = await requireGroup(lockGroupById(trx, groupId));
      const user = await requireUser(findProfileById(trx, userId));
      const inserted = await members.insertMember(trx, {
        group_id: groupId,
        user_id: userId,
        added_at: now.toISOString(),
      });
      const row = await members.findMember(trx, groupId, userId);
      if (!row) throw notAMember();
      if (inserted) {
        await recordMembership(trx, ctx, 'group.member_added', {
          group_id: groupId,
          group_name: group.name,
          user_id: userId,
          user_email: user.email,
        });
      }
      return { member: toMember(row), added: inserted !== undefined };
    });
  } catch (error) {
    // The user was deleted between the check above and the insert (PostgreSQL only: on SQLite
    // nothing runs between them).
    if (isForeignKeyViolation(error)) throw new NotFoundError('User not found');
    throw error;
  }
}

export async function removeMember(
  db: Db,
  ctx: ActionContext,
  groupId: number,
  userId: number,
): Promise<GroupMember> {
  return inTransaction(db, async (trx) => {
    const group = await requireGroup(lockGroupById(trx, groupId));
    const before = await members.findMember(trx, groupId, userId);
    // Whoever deletes the row reports it: a user's delete running beside this one may have.
    if (!before || !(await members.deleteMember(trx, groupId, userId))) throw notAMember();
    await recordMembership(trx, ctx, 'group.member_removed', {
      group_id: groupId,
      group_name: group.name,
      user_id: userId,
      user_email: before.email,
    });
    return toMember(before);
  });
}

/** What a membership event says, on both sides: the group and the user, by id and by name. */
interface Membership {
  group_id: number;
  group_name: string | null;
  user_id: number;
  user_email: string | null;
}

/** One event about the group and one about the user, so both histories show the change. */
async function recordMembership(
  trx: Db,
  ctx: Author,
  action: 'group.member_added' | 'group.member_removed',
  membership: Membership,
): Promise<void> {
  const changes = action === 'group.member_added' ? diff(null, membership) : diff(membership, null);
  for (const target of [
    { type: 'group', id: membership.group_id },
    { type: 'user', id: membership.user_id },
  ] as const) {
    await recordEvent(trx, { action, actor: ctx.actor, target, changes, request: ctx.request });
  }
}

/**
 * Records memberships that a delete ended (rows the delete's own `delete … returning` gave
 * back), as `group.member_removed` on both sides. Names it already knows are passed in.
 */
export async function recordMembershipsEnded(
  trx: Db,
  ctx: Author,
  ended: readonly GroupMemberRow[],
  known: { groupNames?: Map<number, string>; userEmails?: Map<number, string> } = {},
): Promise<void> {
  if (ended.length === 0) return;
  const groupNames = known.groupNames ?? (await findGroupNames(trx, unique(ended.map((m) => m.group_id))));
  const userEmails =
    known.userEmails ?? (await members.findUserEmails(trx, unique(ended.map((m) => m.user_id))));
  for (const row of ended) {
    await recordMembership(trx, ctx, 'group.member_removed', {
      group_id: row.group_id,
      group_name: groupNames.get(row.group_id) ?? null,
      user_id: row.user_id,
      user_email: userEmails.get(row.user_id) ?? null,
    });
  }
}

const unique = (ids: number[]) => [...new Set(ids)];

/**
 * The groups' step in a user's delete (user-deletion-steps.ts): the user's memberships end in
 * the delete's transaction, each recorded on both sides, before the user's row goes.
 */
export async function endMembershipsOfDeletedUser(
  trx: Db,
  { user, ctx }: { user: User; ctx: Author },
): Promise<void> {
  const ended = await members.deleteMembershipsOfUser(trx, user.id);
  await recordMembershipsEnded(trx, ctx, ended, { userEmails: new Map([[user.id, user.email]]) });
}
