import type { Context } from '../../context.ts';
import type { User } from '../../types.ts';
import { UserFormController, userFormSpec } from './controller.ts';
import { UserFormDialog } from './view.ts';

/** Opens the create (no user) or edit dialog; `saved` gets what the server saved. */
export function openUserForm(ctx: Context, user: User | undefined, saved: (user: User) => void): void {
  const spec = userFormSpec(ctx, user);
  new UserFormController(ctx, new UserFormDialog(spec), spec, saved);
}
