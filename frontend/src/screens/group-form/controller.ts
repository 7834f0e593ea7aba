import { ApiError } from '../../api.ts';
import type { Context } from '../../context.ts';
import { describeError } from '../../format.ts';
import { changedGroupFields, validateGroupInput } from '../../rules/group-rules.ts';
import type { Group, GroupInput } from '../../types.ts';
import { submitForm, type FormPort } from '../submit.ts';

/** The dialog on screen: a form, plus the two states an edit can reach. */
export interface GroupFormView extends FormPort {
  bind(handlers: GroupFormHandlers): void;
  /** Someone else saved the group first (412): say so and offer to reload. */
  showConflict(): void;
  /** The fields filled from `group`, with a note that this is the latest saved version. */
  showReloaded(group: Group): void;
  close(): void;
}

export interface GroupFormHandlers {
  submit: (input: GroupInput) => void;
  /** A field changed: marks already shown are checked again, so they go away once fixed. */
  edited: (input: GroupInput) => void;
  reload: () => Promise<void>;
}

/** The create (no group) and edit dialog: name and description, saved with If-Match. */
export class GroupFormController {
  private group: Group | undefined;
  private marked = false;

  constructor(
    private readonly ctx: Context,
    private readonly view: GroupFormView,
    group: Group | undefined,
    private readonly saved: (group: Group) => void,
  ) {
    this.group = group;
    view.bind({
      submit: (input) => void this.submit(input),
      edited: (input) => this.edited(input),
      reload: () => this.reload(),
    });
  }

  private check(input: GroupInput) {
    const errors = validateGroupInput(input, this.group === undefined);
    this.marked = Object.keys(errors).length > 0;
    return errors;
  }

  private edited(input: GroupInput): void {
    if (this.marked) this.view.markErrors(this.check(input));
  }

  async submit(input: GroupInput): Promise<void> {
    const group = this.group;
    const changes = changedGroupFields(group, input);
    await submitForm(
      this.view,
      () => this.check(input),
      async () => {
        if (group && Object.keys(changes).length === 0) return this.view.close();
        const saved = group
          ? await this.ctx.client.updateGroup(group.id, changes, group.version)
          : await this.ctx.client.createGroup(changes);
        this.view.close();
        this.ctx.notify(group ? `Saved ${saved.name}.` : `Created ${saved.name}.`);
        this.saved(saved);
      },
      (error) => {
        this.marked = true;
        if (!(error instanceof ApiError)) return false;
        if (error.status === 412 && group) {
          this.view.showConflict();
          return true;
        }
        // A name taken (in any case) is a 409; it belongs under the name field.
        if (error.status === 409) {
          this.view.showErrors({ name: [error.message] });
          return true;
        }
        return false;
      },
    );
  }

  /** After a conflict: the latest saved version replaces what was typed. */
  async reload(): Promise<void> {
    if (!this.group) return;
    try {
      const latest = await this.ctx.client.getGroup(this.group.id);
      this.group = latest;
      this.marked = false;
      this.view.clearErrors();
      this.view.showReloaded(latest);
    } catch (error) {
      this.view.showProblem(describeError(error));
    }
  }
}
