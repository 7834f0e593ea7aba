import type { Context } from '../../context.ts';
import { GROUP_PERMISSIONS, groupActions, type GroupActionKey } from '../../rules/group-rules.ts';
import type { Group } from '../../types.ts';

/** The dialogs the group actions open; screens/group-actions/view.ts shows them. */
export interface GroupDialogs {
  /**
   * Asks whether to delete `group`; on yes runs `run`: the dialog closes when it succeeds and
   * shows the error when it fails (a 412 says someone else changed the group).
   */
  confirmDelete(group: Group, run: () => Promise<void>): void;
  /** The create (no group) or edit dialog; `saved` is called with what the server saved. */
  editGroup(group: Group | undefined, saved: (group: Group) => void): void;
}

export interface GroupOutcome {
  /** The group changed: show it again. */
  changed(group: Group): void;
  /** The group is gone. */
  deleted(): void;
}

/** Creating, editing and deleting groups, shared by the groups list and a group's page. */
export class GroupActionsController {
  constructor(
    private readonly ctx: Context,
    private readonly dialogs: GroupDialogs,
  ) {}

  /** What the signed-in person may do to a group; the server refuses the rest anyway. */
  allowed(): GroupActionKey[] {
    return groupActions((p) => this.ctx.session.can(p));
  }

  mayCreate(): boolean {
    return this.ctx.session.can(GROUP_PERMISSIONS.write);
  }

  create(saved: (group: Group) => void): void {
    this.dialogs.editGroup(undefined, saved);
  }

  run(key: GroupActionKey, group: Group, outcome: GroupOutcome): void {
    switch (key) {
      case 'edit':
        return this.dialogs.editGroup(group, (saved) => outcome.changed(saved));
      case 'delete':
        return this.dialogs.confirmDelete(group, async () => {
          await this.ctx.client.deleteGroup(group.id, group.version);
          this.ctx.notify(`Deleted ${group.name}.`);
          outcome.deleted();
        });
    }
  }
}
