import type { Context } from '../../context.ts';
import { h } from '../../dom.ts';
import type { IconName } from '../../icons.ts';
import type { GroupActionKey } from '../../rules/group-rules.ts';
import type { ActionButton } from '../../widgets/action-buttons.ts';
import { confirmAction } from '../../widgets/confirm.ts';
import { openGroupForm } from '../group-form/index.ts';
import type { GroupDialogs } from './controller.ts';

const LOOKS: Record<GroupActionKey, { label: string; icon: IconName; danger?: boolean }> = {
  edit: { label: 'Edit', icon: 'pencil' },
  delete: { label: 'Delete', icon: 'trash', danger: true },
};

/** The buttons for `keys`, for widgets/action-buttons.ts to draw in a row or on a page. */
export function groupButtons(
  keys: readonly GroupActionKey[],
  act: (key: GroupActionKey) => void,
): ActionButton[] {
  return keys.map((key) => ({ action: key, ...LOOKS[key], run: () => act(key) }));
}

/** The dialogs of the group actions, as Bootstrap modals. */
export function groupDialogs(ctx: Context): GroupDialogs {
  return {
    confirmDelete(group, run) {
      confirmAction({
        title: 'Delete group',
        message: [
          'Delete ',
          h('strong', { class: 'text-break-any' }, group.name),
          '? Its members stay as they are; only the group and their memberships of it go. This cannot be undone.',
        ],
        confirmLabel: 'Delete',
        danger: true,
        run,
      });
    },
    editGroup(group, saved) {
      openGroupForm(ctx, group, saved);
    },
  };
}
