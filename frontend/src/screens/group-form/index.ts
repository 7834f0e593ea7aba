import type { Context } from '../../context.ts';
import type { Group } from '../../types.ts';
import { GroupFormController } from './controller.ts';
import { GroupFormDialog } from './view.ts';

/** Opens the create (no group) or edit dialog; `saved` gets what the server saved. */
export function openGroupForm(ctx: Context, group: Group | undefined, saved: (group: Group) => void): void {
  new GroupFormController(ctx, new GroupFormDialog(group), group, saved);
}
