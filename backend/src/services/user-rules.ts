import type { Role } from '../domain/roles.js';
import type { Status } from '../domain/statuses.js';
import { ConflictError, ForbiddenError, NotFoundError, PreconditionFailedError } from '../errors.js';
import { permissions } from '../permissions.js';
import type { Actor } from './context.js';
import { satisfies, type Precondition } from './precondition.js';

/**
 * The rules of a change to one user, written once (decision 0177). The change itself
 * (users.change.ts) applies them to the row it has locked, with the admin set locked too; a bulk
 * change's preview (users-bulk.preview.ts) applies the same rules to rows it has only read, with
 * the admin set as the items before would leave it. Both therefore refuse the same items, in the
 * same order of checks, with the same errors.
 */

/** What the rules look at: a user's row, or the part of it they read. */
export interface TargetRow {
  id: number;
  role: Role;
  status: Status;
  version: number;
  name?: string;
  email?: string;
  /** Sessions not yet revoked, where a preview of ending them has read it. */
  open_sessions?: number;
}

/** The fields a change sets, already cleaned as they will be stored. */
export type UserChanges = Partial<Pick<Required<TargetRow>, 'name' | 'email' | 'role' | 'status'>>;

export interface ChangeRules {
  /** Refusals that need no row (acting on oneself, a missing permission): checked first. */
  refuseEarly(): void;
  /** Whether the change can alter who the active admins are: the admin set is then locked. */
  altersAdmins: boolean;
  /** Who may act on this row; a manager is told 403 before anything the row would reveal. */
  authorize(row: TargetRow): void;
  /** Whether, applied to this row, the change takes an active admin away. */
  removesAdmin(row: TargetRow): boolean;
  /** Refusals that come after the admin rule: the client's version, an invitation. */
  refuseLate(row: TargetRow): void;
  /** Whether the change would leave this row as it is (a bulk item is then `unchanged`). */
  leavesAsIs(row: TargetRow): boolean;
  /** The row's role and status afterwards; null when the user is gone (deleted). */
  after(row: TargetRow): Pick<TargetRow, 'role' | 'status'> | null;
}

export const isActiveAdmin = (row: Pick<TargetRow, 'role' | 'status'>) =>
  row.role === 'admin' && row.status === 'active';

export const userNotFound = () => new NotFoundError('User not found');

export const changedElsewhere = () =>
  new PreconditionFailedError('The user was changed by someone else; reload it and try again', {
    reason: 'version_changed',
  });

export const LAST_ADMIN = 'There must always be at least one active admin';

export const lastAdmin = () => new ConflictError(LAST_ADMIN, { reason: 'last_admin' });

/**
 * Managers may work on viewers and managers; only admins create, edit, grant or take away admin.
 * The refusal, or null: single changes, bulk items and invitations throw it (assertMayManage),
 * an import's dry run reports its message for the row.
 */
export function manageRefusal(
  actor: Pick<Actor, 'role'>,
  currentRole: string | null,
  newRole: string | undefined,
): ForbiddenError | null {
  if (permissions.can(actor.role, 'users:manage-admins')) return null;
  if (currentRole === 'admin' || newRole === 'admin') {
    return new ForbiddenError('Only an admin can create or change admins', { reason: 'admin_only' });
  }
  return null;
}

export function assertMayManage(actor: Actor, currentRole: string | null, newRole: string | undefined): void {
  const refusal = manageRefusal(actor, currentRole, newRole);
  if (refusal) throw refusal;
}

function checkVersion(precondition: Precondition | undefined, row: TargetRow): void {
  if (!satisfies(precondition, row.version)) throw changedElsewhere();
}

/** PATCH /users/:id and everything that shares it: a bulk disable, enable or new role. */
export function updateRules(
  actor: Actor,
  id: number,
  input: UserChanges,
  precondition: Precondition | undefined,
): ChangeRules {
  return {
    refuseEarly: () => {
      if (id === actor.id && input.status === 'disabled')
        throw new ConflictError('You cannot disable your own account', { reason: 'yourself' });
    },
    altersAdmins: input.role !== undefined || input.status !== undefined,
    authorize: (row) => assertMayManage(actor, row.role, input.role),
    removesAdmin: (row) =>
      isActiveAdmin(row) &&
      ((input.role !== undefined && input.role !== 'admin') || input.status === 'disabled'),
    refuseLate: (row) => {
      checkVersion(precondition, row);
      if (row.status === 'invited' && input.status !== undefined && input.status !== 'disabled') {
        throw new ConflictError('An invited user becomes active by accepting the invitation');
      }
    },
    leavesAsIs: (row) =>
      (['name', 'email', 'role', 'status'] as const).every(
        (field) => input[field] === undefined || input[field] === row[field],
      ),
    after: (row) => ({ role: input.role ?? row.role, status: input.status ?? row.status }),
  };
}

/** DELETE /users/:id and a bulk delete: into the bin, or for good with `purge`. */
export function deleteRules(
  actor: Actor,
  id: number,
  precondition: Precondition | undefined,
  purge = false,
): ChangeRules {
  return {
    refuseEarly: () => {
      if (id === actor.id)
        throw new ConflictError('You cannot delete your own account', { reason: 'yourself' });
      if (purge && !permissions.can(actor.role, 'users:purge')) {
        throw new ForbiddenError('Only an admin can delete a user for good');
      }
    },
    altersAdmins: true,
    authorize: (row) => assertMayManage(actor, row.role, undefined),
    removesAdmin: isActiveAdmin,
    refuseLate: (row) => checkVersion(precondition, row),
    leavesAsIs: () => false,
    after: () => null,
  };
}

/**
 * Ending a user's sessions (POST /users/:id/sessions/revoke and a bulk end_sessions): anyone the
 * permission allows, on any user that exists; nothing to do when no session is open.
 */
export const endSessionsRules: ChangeRules = {
  refuseEarly: () => {},
  altersAdmins: false,
  authorize: () => {},
  removesAdmin: () => false,
  refuseLate: () => {},
  leavesAsIs: (row) => (row.open_sessions ?? 0) === 0,
  after: (row) => row,
};
