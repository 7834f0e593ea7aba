import { ApiError, type FieldErrors } from '../../api.ts';
import type { Context } from '../../context.ts';
import { describeError } from '../../format.ts';
import {
  ACTIVE,
  DISABLED,
  newPasswordErrors,
  userActions,
  type UserActions,
} from '../../rules/user-rules.ts';
import type { Credentials, User } from '../../types.ts';

/** The things one can do to a user, shared by the users list and the user's own page. */
export type UserActionKey = Exclude<keyof UserActions, 'viewSessions' | 'viewAudit'>;

/** In the order the buttons show. */
export const USER_ACTION_KEYS: readonly UserActionKey[] = [
  'edit',
  'disable',
  'enable',
  'setPassword',
  'endSessions',
  'clearLockout',
  'resendInvitation',
  'revokeInvitation',
  'sendVerification',
  'delete',
];

/** The questions asked before an action that cannot be taken back. */
export type Question = 'delete' | 'disable' | 'endSessions' | 'revokeInvitation';

/** The dialogs the actions open; screens/user-actions/view.ts shows them. */
export interface UserDialogs {
  /**
   * Asks `question` about `user`; on yes runs `run`: the dialog closes when it succeeds and shows
   * the error when it fails.
   */
  confirm(question: Question, user: User, run: () => Promise<void>): void;
  /** The create (no user) or edit dialog; `saved` is called with what the server saved. */
  editUser(user: User | undefined, saved: (user: User) => void): void;
  /** The invite dialog (docs/email.md); `saved` is called with the invited user. */
  invite(saved: (user: User) => void): void;
  /**
   * The set-password dialog. `submit` answers the field errors to show (the dialog stays), or
   * null when the password was set (the dialog closes); it throws for anything else.
   */
  setPassword(user: User, submit: (password: string, repeated: string) => Promise<FieldErrors | null>): void;
}

export interface Outcome {
  /** The user changed: show them again. */
  changed(): void;
  /** The user is gone. */
  deleted(): void;
}

export class UserActionsController {
  constructor(
    private readonly ctx: Context,
    private readonly dialogs: UserDialogs,
  ) {}

  /** What the signed-in person may do to `user`; the server refuses the rest anyway. */
  allowed(user: User, credentials: Credentials | null = null): UserActionKey[] {
    const { session } = this.ctx;
    const mailOn = this.ctx.settings.mail.enabled;
    const allowed = userActions((p) => session.can(p), session.user?.id ?? null, user, credentials, mailOn);
    return USER_ACTION_KEYS.filter((key) => allowed[key]);
  }

  create(saved: (user: User) => void): void {
    this.dialogs.editUser(undefined, saved);
  }

  invite(saved: (user: User) => void): void {
    this.dialogs.invite(saved);
  }

  run(key: UserActionKey, user: User, outcome: Outcome): void {
    const { client } = this.ctx;
    const notify = this.ctx.notify.bind(this.ctx);
    const orNotify = (task: Promise<unknown>) =>
      void task.catch((error: unknown) => notify(describeError(error), 'danger'));
    switch (key) {
      case 'edit':
        return this.dialogs.editUser(user, () => outcome.changed());
      case 'disable':
        return this.dialogs.confirm('disable', user, async () => {
          await client.updateUser(user.id, { status: DISABLED }, user.version);
          notify(`Disabled ${user.name}.`);
          outcome.changed();
        });
      case 'enable':
        // Enabling takes nothing away, so it asks nothing first.
        return orNotify(
          client.updateUser(user.id, { status: ACTIVE }, user.version).then(() => {
            notify(`Enabled ${user.name}.`);
            outcome.changed();
          }),
        );
      case 'delete':
        return this.dialogs.confirm('delete', user, async () => {
          await client.deleteUser(user.id, user.version);
          notify(`Deleted ${user.name}.`);
          outcome.deleted();
        });
      case 'endSessions':
        return this.dialogs.confirm('endSessions', user, async () => {
          notify((await client.endUserSessions(user.id)) ?? `Ended ${user.name}'s sessions.`);
          outcome.changed();
        });
      case 'clearLockout':
        return orNotify(
          client.clearLockout(user.id).then(() => {
            notify(`${user.name} can sign in again.`);
            outcome.changed();
          }),
        );
      case 'resendInvitation':
        return orNotify(
          client.resendInvitation(user.id).then((message) => {
            notify(message ?? `Invitation sent to ${user.email} again.`);
            outcome.changed();
          }),
        );
      case 'revokeInvitation':
        return this.dialogs.confirm('revokeInvitation', user, async () => {
          notify((await client.revokeInvitation(user.id)) ?? 'Invitation revoked.');
          outcome.changed();
        });
      case 'sendVerification':
        return orNotify(
          client.resendVerification(user.id).then((message) => {
            notify(message ?? `Verification mail sent to ${user.email}.`);
            outcome.changed();
          }),
        );
      case 'setPassword':
        return this.dialogs.setPassword(user, (password, repeated) =>
          this.setPassword(user, password, repeated),
        );
    }
  }

  private async setPassword(user: User, password: string, repeated: string): Promise<FieldErrors | null> {
    const errors = newPasswordErrors(password, repeated, this.ctx.settings.password_policy, user.email);
    if (Object.keys(errors).length > 0) return errors;
    try {
      this.ctx.notify((await this.ctx.client.setPassword(user.id, password)) ?? 'Password set.');
      return null;
    } catch (error) {
      // The API names the field `password`; the dialog calls it `new_password`.
      if (error instanceof ApiError && error.fieldErrors.password) {
        return { new_password: error.fieldErrors.password };
      }
      throw error;
    }
  }
}
