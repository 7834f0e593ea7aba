import { h } from '../../dom.ts';
import { SIGN_IN } from '../../paths.ts';
import type { Invitation, PasswordPolicy } from '../../types.ts';
import { formAlert } from '../../widgets/forms.ts';
import { centeredCard, loadingState } from '../../widgets/states.ts';
import { NewPasswordForm } from '../shared/new-password-form.ts';
import type { AcceptInvitationView } from './controller.ts';

export class AcceptInvitationPage extends NewPasswordForm implements AcceptInvitationView {
  readonly element: HTMLElement;
  private readonly body = h('div', {}, loadingState('Reading your invitation…'));

  constructor(policy: PasswordPolicy) {
    super(policy, 'Accept the invitation', 'Accept and sign in');
    this.element = centeredCard('Accept your invitation', this.body);
  }

  showInvitation(invitation: Invitation): void {
    const by = invitation.invited_by ? `${invitation.invited_by} invited you` : 'You were invited';
    this.body.replaceChildren(
      h('p', {}, `${by} as `, h('strong', {}, invitation.role), '.'),
      h(
        'p',
        {},
        'Name: ',
        h('strong', {}, invitation.name),
        h('br'),
        'E-mail: ',
        h('strong', {}, invitation.email),
      ),
      h('p', {}, 'Choose a password to finish.'),
      this.problem,
      this.form,
    );
    this.form.querySelector<HTMLInputElement>('input')?.focus();
  }

  showEnded(message: string): void {
    this.body.replaceChildren(
      formAlert('warning', message),
      h('a', { href: SIGN_IN, class: 'btn btn-outline-primary' }, 'Go to sign-in'),
    );
  }
}
