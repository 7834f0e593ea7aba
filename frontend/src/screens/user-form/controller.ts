import { ApiError } from '../../api.ts';
import type { Context } from '../../context.ts';
import { userPath } from '../../paths.ts';
import {
  assignableRoles,
  changedFields,
  rebaseEdit,
  validateUserInput,
  type RebasedEdit,
} from '../../rules/user-rules.ts';
import type { User, UserInput } from '../../types.ts';
import { submitForm, type FormPort } from '../submit.ts';

/** Which fields the dialog has and what they offer, decided before it is drawn. */
export interface UserFormSpec {
  creating: boolean;
  title: string;
  submitLabel: string;
  /** Highest first; only the roles the signed-in person may give. */
  roles: string[];
  /** Null when editing oneself: no one disables their own account. */
  statuses: string[] | null;
  /** Creating only: an optional first password. */
  password: { max_length: number } | null;
  user: User | undefined;
}

export function userFormSpec(ctx: Context, user: User | undefined): UserFormSpec {
  const creating = user === undefined;
  const self = user !== undefined && user.id === ctx.session.user?.id;
  return {
    creating,
    title: creating ? 'New user' : `Edit ${user.name}`,
    submitLabel: creating ? 'Create user' : 'Save changes',
    roles: assignableRoles(ctx.settings.roles, (p) => ctx.session.can(p)),
    // `invited` is no status to pick: an invitation sets it, accepting it ends it.
    statuses:
      self || user?.status === 'invited' ? null : ctx.settings.statuses.filter((s) => s !== 'invited'),
    password: creating ? { max_length: ctx.settings.password_policy.max_length } : null,
    user,
  };
}

/** The dialog on screen: a form, plus the state only this form has. */
export interface UserFormView extends FormPort {
  bind(handlers: UserFormHandlers): void;
  /**
   * Someone else saved the user first. The fields take `edit.values` (their changes where only
   * they changed a field); say what they changed, and show theirs beside each field both changed.
   */
  showConflict(edit: RebasedEdit): void;
  close(): void;
}

export interface UserFormHandlers {
  submit: (input: UserInput) => void;
  /** A field changed: marks already shown are checked again, so they go away once fixed. */
  edited: (input: UserInput) => void;
}

/** The create and edit dialog: checks as the server would, shows the server's field errors. */
export class UserFormController {
  private user: User | undefined;
  private marked = false;

  constructor(
    private readonly ctx: Context,
    private readonly view: UserFormView,
    private readonly spec: UserFormSpec,
    private readonly saved: (user: User) => void,
  ) {
    this.user = spec.user;
    view.bind({
      submit: (input) => void this.submit(input),
      edited: (input) => this.edited(input),
    });
  }

  private check(input: UserInput) {
    const errors = validateUserInput(input, this.spec.creating, this.ctx.settings);
    this.marked = Object.keys(errors).length > 0;
    return errors;
  }

  private edited(input: UserInput): void {
    if (this.marked) this.view.markErrors(this.check(input));
  }

  async submit(input: UserInput): Promise<void> {
    const user = this.user;
    const changes = user ? changedFields(user, input) : input;
    await submitForm(
      this.view,
      () => this.check(changes),
      async () => {
        if (user && Object.keys(changes).length === 0) return this.view.close();
        let saved: User;
        try {
          saved = user
            ? await this.ctx.client.updateUser(user.id, changes, user.version)
            : // A password typed here is handed over: the user replaces it at first sign-in.
              await this.ctx.client.createUser(
                changes.password ? { ...changes, must_change_password: true } : changes,
              );
        } catch (error) {
          if (!(user && error instanceof ApiError && error.status === 412)) throw error;
          return this.overtaken(user, input);
        }
        this.view.close();
        if (user) this.ctx.notify(`Saved ${saved.name}.`);
        // The new user may sort far from the page on show: the toast links to them.
        else {
          this.ctx.notify(`Created ${saved.name}.`, 'success', {
            link: { href: userPath(saved.id), label: `Open ${saved.name}'s page` },
          });
        }
        this.saved(saved);
      },
      (error) => {
        // Whatever the server marks is checked again as the person types, like the console's own.
        this.marked = true;
        if (!(error instanceof ApiError)) return false;
        // The API reports a taken address as a 409 conflict; it belongs under the e-mail field.
        if (error.status === 409 && /e-?mail/i.test(error.message)) {
          this.view.showErrors({ email: [error.message] });
          return true;
        }
        return false;
      },
    );
  }

  /**
   * Someone saved `base` before this edit did: read what they saved and carry the edit over onto
   * it, so nothing typed is lost and the next save goes at their version.
   */
  private async overtaken(base: User, input: UserInput): Promise<void> {
    const latest = await this.ctx.client.getUser(base.id);
    this.user = latest;
    this.view.showConflict(rebaseEdit(base, latest, input));
  }
}
