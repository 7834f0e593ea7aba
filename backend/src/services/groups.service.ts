import { inTransaction, isUniqueViolation, type Db } from '../db/dialect.js';
import * as members from '../db/group-members.repository.js';
import * as repo from '../db/groups.repository.js';
import type { GroupRowUpdate } from '../db/types.js';
import { ConflictError, PreconditionFailedError } from '../errors.js';
import {
  DESCRIPTION_MAX,
  type CreateGroupBody,
  type Group,
  type ListGroupsQuery,
  type UpdateGroupBody,
} from '../schemas/groups.js';
import { diff, recordEvent } from './audit.service.js';
import type { ActionContext } from './context.js';
import { assertHasGroupChanges, groupNameKey, requireGroup, toGroup } from './group-fields.js';
import { recordMembershipsEnded } from './group-members.service.js';
import { DEFAULT_PER_PAGE, pageMeta, pageOffset, type Page } from './paging.js';
import { satisfies, type Precondition } from './precondition.js';
import { cleanName, cleanOptionalText } from './text.js';

// Groups: named sets of users. They carry no permissions (docs/adding-a-resource.md says what
// that would take); their members are managed in group-members.service.ts.

const nameTaken = () => new ConflictError('A group with this name already exists');
const changedElsewhere = () =>
  new PreconditionFailedError('The group was changed by someone else; reload it and try again');

const cleanDescription = (raw: string | null | undefined) =>
  cleanOptionalText(raw, { field: 'description', max: DESCRIPTION_MAX });

export async function getGroup(db: Db, id: number): Promise<Group> {
  return toGroup(await requireGroup(repo.findGroupById(db, id)));
}

export async function listGroups(db: Db, query: ListGroupsQuery): Promise<Page<Group>> {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  const search = query.q?.trim();
  const filter: repo.GroupFilter = {
    nameContains: search ? groupNameKey(search) : undefined,
    memberId: query.member,
  };
  const [rows, total] = await Promise.all([
    repo.findGroupPage(db, filter, perPage, pageOffset(page, perPage)),
    repo.countGroups(db, filter),
  ]);
  return { items: rows.map(toGroup), meta: pageMeta(page, perPage, total) };
}

export async function createGroup(
  db: Db,
  ctx: ActionContext,
  input: CreateGroupBody,
  now = new Date(),
): Promise<Group> {
  const name = cleanName(input.name);
  const description = cleanDescription(input.description);
  const timestamp = now.toISOString();
  try {
    return await inTransaction(db, async (trx) => {
      const group = toGroup(
        await repo.insertGroup(trx, {
          name,
          name_key: groupNameKey(name),
          description,
          created_at: timestamp,
          updated_at: timestamp,
        }),
      );
      await recordEvent(trx, {
        action: 'group.created',
        actor: ctx.actor,
        target: { type: 'group', id: group.id },
        changes: diff(null, group),
        request: ctx.request,
      });
      return group;
    });
  } catch (error) {
    // The unique index on name_key decides, so two racing creates cannot both win.
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function updateGroup(
  db: Db,
  ctx: ActionContext,
  id: number,
  input: UpdateGroupBody,
  precondition?: Precondition,
  now = new Date(),
): Promise<Group> {
  assertHasGroupChanges(input);
  const changes: GroupRowUpdate = { updated_at: now.toISOString() };
  if (input.name !== undefined) {
    changes.name = cleanName(input.name);
    changes.name_key = groupNameKey(changes.name);
  }
  if (input.description !== undefined) changes.description = cleanDescription(input.description);
  try {
    return await inTransaction(db, async (trx) => {
      const current = await requireGroup(repo.lockGroupById(trx, id));
      if (!satisfies(precondition, current.version)) throw changedElsewhere();
      const row = await repo.updateGroupAtVersion(trx, id, current.version, changes);
      if (!row) throw changedElsewhere();
      const after = toGroup(row);
      await recordEvent(trx, {
        action: 'group.updated',
        actor: ctx.actor,
        target: { type: 'group', id },
        changes: diff(toGroup(current), after),
        request: ctx.request,
      });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

/** Deletes a group; each membership it had ends, and the log says so on both sides. */
export async function deleteGroup(
  db: Db,
  ctx: ActionContext,
  id: number,
  precondition?: Precondition,
): Promise<Group> {
  return inTransaction(db, async (trx) => {
    const current = await requireGroup(repo.lockGroupById(trx, id));
    if (!satisfies(precondition, current.version)) throw changedElsewhere();
    const ended = await members.deleteMembersOfGroup(trx, id);
    await recordMembershipsEnded(trx, ctx, ended, { groupNames: new Map([[id, current.name]]) });
    const row = await repo.deleteGroupAtVersion(trx, id, current.version);
    if (!row) throw changedElsewhere();
    const group = toGroup(row);
    await recordEvent(trx, {
      action: 'group.deleted',
      actor: ctx.actor,
      target: { type: 'group', id },
      changes: diff(group, null),
      request: ctx.request,
    });
    return group;
  });
}
