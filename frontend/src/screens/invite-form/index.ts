import type { Context } from '../../context.ts';
import type { User } from '../../types.ts';
import { userFormSpec } from '../user-form/controller.ts';
import { InviteFormController } from './controller.ts';
import { InviteFormDialog } from './view.ts';

/** Opens the invite dialog; `saved` gets the invited user as the server has them. */
export function openInviteForm(ctx: Context, saved: (user: User) => void): void {
  // The roles the signed-in person may give, as the create dialog offers them.
  const roles = userFormSpec(ctx, undefined).roles;
  new InviteFormController(ctx, new InviteFormDialog(roles), saved);
}
