import { ApiError } from '../../api.ts';
import type { Context } from '../../context.ts';
import { SIGN_IN } from '../../paths.ts';
import { newPasswordErrors } from '../../rules/user-rules.ts';
import { asFormErrors, type NewPasswordPort } from '../shared/new-password-form.ts';
import { submitForm } from '../submit.ts';

export interface ResetPasswordView extends NewPasswordPort {
  /** The link cannot be used: why, in plain words, with the way to a new one. */
  showEnded(message: string): void;
}

/** The page a reset mail links to: a new password; every session of the account then ends. */
export class ResetPasswordController {
  constructor(
    private readonly ctx: Context,
    private readonly view: ResetPasswordView,
    private readonly token: string,
  ) {
    view.bind({
      submit: (next, repeated) => void this.submit(next, repeated),
      typing: (n, r) => this.typing(n, r),
    });
    if (!token)
      view.showEnded('This page needs the whole link from your password reset mail. Open the link again.');
  }

  private errors(next: string, repeated: string) {
    return newPasswordErrors(next, repeated, this.ctx.settings.password_policy, '');
  }

  typing(next: string, repeated: string): void {
    this.view.markErrors(
      next ? this.errors(next, repeated && repeated.length >= next.length ? repeated : next) : {},
    );
  }

  submit(next: string, repeated: string): Promise<void> {
    return submitForm(
      this.view,
      () => this.errors(next, repeated),
      async () => {
        await this.ctx.client.confirmPasswordReset(this.token, next);
        this.ctx.notify('Password changed. Sign in with it.');
        this.ctx.go(SIGN_IN, { replace: true });
      },
      (error) => {
        if (error instanceof ApiError && error.status === 422) {
          this.view.showErrors(asFormErrors(error.fieldErrors), error.message);
          return true;
        }
        if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
          this.view.showEnded(error.message);
          return true;
        }
        return false;
      },
    );
  }
}
