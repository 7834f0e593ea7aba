import { ApiError } from '../../api.ts';
import type { Context } from '../../context.ts';
import { newPasswordErrors } from '../../rules/user-rules.ts';
import { submitForm } from '../submit.ts';
import { asFormErrors, type NewPasswordPort } from './new-password-form.ts';

export interface NewPasswordFlowView extends NewPasswordPort {
  /** The link cannot be used: why, and what to do, in plain words; no form. */
  showEnded(message: string): void;
}

/**
 * What the pages a mailed link opens (an invitation, a password reset) do with their form: check
 * the password against the server's policy as it is typed, send it, and say so when the server
 * answers that the link has ended (404, 409) rather than showing a generic failure.
 */
export abstract class NewPasswordFlow<View extends NewPasswordFlowView = NewPasswordFlowView> {
  constructor(
    protected readonly ctx: Context,
    protected readonly view: View,
  ) {
    view.bind({
      submit: (next, repeated) => void this.submit(next, repeated),
      typing: (next, repeated) => this.typing(next, repeated),
    });
  }

  /** The account's address, when the page knows it: the policy refuses a password containing it. */
  protected abstract email(): string;

  /** Spends the link with the new password and moves on. */
  protected abstract send(password: string): Promise<void>;

  private errors(next: string, repeated: string) {
    return newPasswordErrors(next, repeated, this.ctx.settings.password_policy, this.email());
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
      () => this.send(next),
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
