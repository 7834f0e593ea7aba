import type { Context } from '../../context.ts';
import { safeNext } from '../../rules/navigation.ts';
import { newPasswordErrors } from '../../rules/user-rules.ts';
import type { PasswordChange } from '../account/controller.ts';
import { submitForm, type FormPort } from '../submit.ts';

export interface ChangePasswordView extends FormPort {
  bind(handlers: { submit: (change: PasswordChange) => void }): void;
}

/** The forced change: an account flagged `must_change_password` sees only this until it is done. */
export class ChangePasswordController {
  constructor(
    private readonly ctx: Context,
    private readonly view: ChangePasswordView,
    private readonly query: URLSearchParams,
  ) {
    view.bind({ submit: (change) => void this.submit(change) });
  }

  submit({ current, next, repeated }: PasswordChange): Promise<void> {
    const { settings, session } = this.ctx;
    return submitForm(
      this.view,
      () => {
        const errors = newPasswordErrors(next, repeated, settings.password_policy, session.user?.email ?? '');
        if (!current) errors.current_password = ['Enter your current password.'];
        return errors;
      },
      async () => {
        await this.ctx.client.changeMyPassword(current, next);
        this.ctx.notify('Password changed.');
        await this.ctx.signedIn(safeNext(this.query.get('next')));
      },
    );
  }
}
