import type { Context } from '../../context.ts';
import { SIGN_IN } from '../../paths.ts';
import { NewPasswordFlow, type NewPasswordFlowView } from '../shared/new-password-flow.ts';

export type ResetPasswordView = NewPasswordFlowView;

/** The page a reset mail links to: a new password; every session of the account then ends. */
export class ResetPasswordController extends NewPasswordFlow {
  constructor(
    ctx: Context,
    view: ResetPasswordView,
    private readonly token: string,
  ) {
    super(ctx, view);
    if (!token)
      view.showEnded('This page needs the whole link from your password reset mail. Open the link again.');
  }

  protected email(): string {
    return ''; // the reset page is not told whose link it is
  }

  protected async send(password: string): Promise<void> {
    await this.ctx.client.confirmPasswordReset(this.token, password);
    this.ctx.notify('Password changed. Sign in with it.');
    this.ctx.go(SIGN_IN, { replace: true });
  }
}
