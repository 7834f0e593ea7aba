import type { Context } from '../../context.ts';
import { describeError } from '../../format.ts';
import { HOME } from '../../paths.ts';
import type { Invitation } from '../../types.ts';
import { NewPasswordFlow, type NewPasswordFlowView } from '../shared/new-password-flow.ts';

export interface AcceptInvitationView extends NewPasswordFlowView {
  showInvitation(invitation: Invitation): void;
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
export class AcceptInvitationController extends NewPasswordFlow<AcceptInvitationView> {
  private invitation: Invitation | null = null;

  constructor(
    ctx: Context,
    view: AcceptInvitationView,
    private readonly token: string,
  ) {
    super(ctx, view);
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

  protected email(): string {
    return this.invitation?.email ?? '';
  }

  protected async send(password: string): Promise<void> {
    const grant = await this.ctx.client.acceptInvitation(this.token, password);
    this.ctx.session.mustChangePassword = grant.must_change_password ?? false;
    this.ctx.notify('Welcome! Your account is ready.');
    await this.ctx.signedIn(HOME);
  }
}
