import type { Db } from '../db/dialect.js';
import type { Role } from '../domain/roles.js';
import type { Permission } from '../permissions.js';
import { endUserSessions } from './account.service.js';
import type { ActionContext } from './context.js';
import type { Precondition } from './precondition.js';
import { applyUserChange, deleteUser } from './users.change.js';
import { deleteRules, endSessionsRules, updateRules, type ChangeRules } from './user-rules.js';

/**
 * What a bulk change can do to each user, and the permission each needs. Every action calls the
 * same service function as its single-user route, with the item's transaction as its database,
 * so the rules (the last admin, yourself, a manager and admins, If-Match) are those of that
 * route and are written once (decision 0166).
 *
 * Adding an action (the email work adds `resend_invitation` here once invitations exist): an
 * entry below whose `apply` calls the single-user service function and answers whether it
 * changed anything; the request schema, the console's bulk bar and the docs read this table.
 */
export interface BulkItem {
  id: number;
  /** The version the client saw; another one skips the item as If-Match would refuse it. */
  precondition?: Precondition;
}

export interface BulkActionInput {
  /** set_role: the role to give. */
  role?: Role;
}

export interface BulkAction {
  permission: Permission;
  /** Whether the action needs `role` in its input. */
  needsRole?: boolean;
  /** Changes one user in `trx`; true if it changed anything, false if it was already so. */
  apply(trx: Db, ctx: ActionContext, item: BulkItem, input: BulkActionInput, now: Date): Promise<boolean>;
  /** The rules `apply` follows (its service function builds the same), for the preview. */
  rules(ctx: ActionContext, item: BulkItem, input: BulkActionInput): ChangeRules;
  /** Whether the preview must read each user's open sessions (their count decides `unchanged`). */
  readsSessions?: boolean;
}

const statusAction = (status: 'active' | 'disabled'): BulkAction => ({
  permission: 'users:update',
  rules: (ctx, item) => updateRules(ctx.actor, item.id, { status }, item.precondition),
  apply: async (trx, ctx, item, _input, now) =>
    (await applyUserChange(trx, ctx, item.id, { status }, item.precondition, now, { skipUnchanged: true }))
      .changed,
});

export const BULK_ACTIONS = {
  disable: statusAction('disabled'),
  enable: statusAction('active'),
  set_role: {
    permission: 'users:update',
    needsRole: true,
    rules: (ctx, item, input) => updateRules(ctx.actor, item.id, { role: input.role }, item.precondition),
    apply: async (trx, ctx, item, input, now) =>
      (
        await applyUserChange(trx, ctx, item.id, { role: input.role }, item.precondition, now, {
          skipUnchanged: true,
        })
      ).changed,
  },
  end_sessions: {
    permission: 'sessions:revoke',
    rules: () => endSessionsRules,
    readsSessions: true,
    apply: async (trx, ctx, item) => (await endUserSessions(trx, ctx, item.id, { skipUnchanged: true })) > 0,
  },
  delete: {
    permission: 'users:delete',
    rules: (ctx, item) => deleteRules(ctx.actor, item.id, item.precondition),
    apply: async (trx, ctx, item) => {
      await deleteUser(trx, ctx, item.id, item.precondition);
      return true;
    },
  },
} as const satisfies Record<string, BulkAction>;

export type BulkActionName = keyof typeof BULK_ACTIONS;
export const BULK_ACTION_NAMES = Object.keys(BULK_ACTIONS) as BulkActionName[];
