import { ApiError } from '../../api.ts';
import type { Context } from '../../context.ts';
import { noErrors, submitForm, type FormPort } from '../submit.ts';

export interface ForgotPasswordView extends FormPort {
  bind(handlers: { submit: (email: string) => void }): void;
  /** The request went through: the same words whatever the address (the server's). */
  showSent(message: string): void;
}

/** "Forgot your password?": asks for a reset link by mail. */
export class ForgotPasswordController {
  constructor(
    private readonly ctx: Context,
    private readonly view: ForgotPasswordView,
  ) {
    view.bind({ submit: (email) => void this.submit(email) });
  }

  submit(email: string): Promise<void> {
    return submitForm(
      this.view,
      noErrors,
      async () => {
        const message = await this.ctx.client.requestPasswordReset(email.trim());
        this.view.showSent(message ?? 'If an account uses this address, a link is on its way.');
      },
      (error) => {
        if (error instanceof ApiError && error.code === 'mail_not_configured') {
          this.view.showProblem(
            'This server cannot send mail, so passwords cannot be reset by mail. Ask an administrator.',
            'warning',
          );
          return true;
        }
        return false;
      },
    );
  }
}
