import { h, whileBusy } from '../../dom.ts';
import { SIGN_IN } from '../../paths.ts';
import { formAlert } from '../../widgets/forms.ts';
import { centeredCard } from '../../widgets/states.ts';
import type { VerifyEmailView } from './controller.ts';

export class VerifyEmailPage implements VerifyEmailView {
  readonly element: HTMLElement;
  private readonly button = h('button', { type: 'button', class: 'btn btn-primary' }, 'Confirm my address');
  private readonly body = h('div', {}, h('p', {}, 'Confirm that this address is yours.'), this.button);

  constructor() {
    this.element = centeredCard('Confirm your email address', this.body);
  }

  bind(handlers: { confirm: () => void }): void {
    this.button.addEventListener('click', handlers.confirm);
  }

  busy(task: () => Promise<void>): Promise<void> {
    return whileBusy(this.button, task);
  }

  showDone(email: string): void {
    this.body.replaceChildren(
      formAlert('info', `Thank you: ${email} is verified.`),
      h('a', { href: SIGN_IN }, 'Go to the console'),
    );
  }

  showEnded(message: string): void {
    this.body.replaceChildren(formAlert('warning', message), h('a', { href: SIGN_IN }, 'Go to the console'));
  }
}
