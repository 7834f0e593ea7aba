import type { Db } from '../db/dialect.js';
import type { User } from '../schemas/users.js';
import type { Author } from './context.js';
import { endMembershipsOfDeletedUser } from './group-members.service.js';

/** The user being deleted, as it is before the delete, and who deletes it (none: the daily purge). */
export interface UserDeletion {
  user: User;
  ctx: Author;
}

/**
 * Work another resource does when a user is deleted, inside the delete's transaction: after the
 * user's row is locked and the checks have passed, before the row goes. A step that throws
 * stops the delete. Foreign keys would end rows that name the user by themselves; a step is for
 * what must be recorded or decided first.
 */
export type UserDeletionStep = (trx: Db, deletion: UserDeletion) => Promise<void>;

/**
 * Every resource's step, run in this order. A resource whose rows name users adds its step here,
 * and users.service.ts stays unaware of it (as audit-actions.ts lists audit declarations).
 */
export const USER_DELETION_STEPS: readonly UserDeletionStep[] = [endMembershipsOfDeletedUser];
