import { ApiError } from '../../api.ts';
import type { Context } from '../../context.ts';
import { describeError } from '../../format.ts';
import { HOME } from '../../paths.ts';
import { newPasswordErrors } from '../../rules/user-rules.ts';
import type { Invitation } from '../../types.ts';
import { asFormErrors, type NewPasswordPort } from '../shared/new-password-form.ts';
import { submitForm } from '../submit.ts';

export interface AcceptInvitationView extends NewPasswordPort {
  showInvitation(invitation: Invitation): void;
  /** The link cannot be used: why, and what to do, in plain words; no form. */
  showEnded(message: string): void;
}

const ENDED: Record<Exclude<Invitation['state'], 'valid'>, string> = {
  expired: 'This invitation has expired. Ask the person who invited you to send a new one.',
  used: 'This invitation has already been accepted. Sign in with your email and password, or use "Forgot your password?".',
  revoked:
    'This invitation is no longer valid: a newer one was sent, or it was withdrawn. Use the newest invitation mail, or ask for a new one.',
};

/**
 * The page an invitation mail links to: who invited whom, then a password. Looking the
 * invitation up spends nothing; only the submit does (issue 14: mail scanners).
 */
export class AcceptInvitationController {
  private invitation: Invitation | null = null;

  constructor(
    private readonly ctx: Context,
    private readonly view: AcceptInvitationView,
    private readonly token: string,
  ) {
    view.bind({
      submit: (next, repeated) => void this.submit(next, repeated),
      typing: (n, r) => this.typing(n, r),
    });
  }

  async load(): Promise<void> {
    if (!this.token) {
      this.view.showEnded('This page needs the whole link from your invitation mail. Open the link again.');
      return;
    }
    try {
      this.invitation = await this.ctx.client.invitation(this.token);
    } catch (error) {
      this.view.showEnded(describeError(error));
      return;
    }
    if (this.invitation.state !== 'valid') this.view.showEnded(ENDED[this.invitation.state]);
    else this.view.showInvitation(this.invitation);
  }

  private errors(next: string, repeated: string) {
    return newPasswordErrors(next, repeated, this.ctx.settings.password_policy, this.invitation?.email ?? '');
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
        const grant = await this.ctx.client.acceptInvitation(this.token, next);
        this.ctx.session.mustChangePassword = grant.must_change_password ?? false;
        this.ctx.notify('Welcome! Your account is ready.');
        await this.ctx.signedIn(HOME);
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
