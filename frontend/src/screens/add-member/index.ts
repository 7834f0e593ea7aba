import type { Context } from '../../context.ts';
import type { Group } from '../../types.ts';
import { AddMemberController } from './controller.ts';
import { AddMemberDialog } from './view.ts';

/** Opens the add-member dialog for `group`; `added` once the server has the member. */
export function openAddMember(ctx: Context, group: Group, added: () => void): void {
  new AddMemberController(ctx, new AddMemberDialog(group), group, added);
}
