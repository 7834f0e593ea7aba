import { h } from '../../dom.ts';
import { formatDateTime } from '../../format.ts';
import type { OutboxMail } from '../../types.ts';
import { emptyState, errorState, loadingState, pageHeading } from '../../widgets/states.ts';
import type { OutboxView } from './controller.ts';

const STATE_CLASS: Record<OutboxMail['state'], string> = {
  queued: 'text-bg-secondary',
  sending: 'text-bg-info',
  sent: 'text-bg-success',
  failed: 'text-bg-danger',
};

const TEMPLATE_LABEL: Record<string, string> = {
  invitation: 'Invitation',
  'password-reset': 'Password reset',
  'email-verification': 'Email verification',
};

export class OutboxPage implements OutboxView {
  readonly element: HTMLElement;
  private readonly body = h('div', { 'aria-live': 'polite' });
  private readonly filter = h(
    'select',
    { class: 'form-select form-select-sm w-auto', id: 'outbox-state', 'aria-label': 'Show mails' },
    h('option', { value: '' }, 'All mails'),
    h('option', { value: 'failed' }, 'Failed only'),
    h('option', { value: 'queued' }, 'Waiting to be sent'),
    h('option', { value: 'sent' }, 'Sent'),
  );
  private readonly refresh = h(
    'button',
    { type: 'button', class: 'btn btn-sm btn-outline-secondary' },
    'Refresh',
  );

  constructor() {
    this.element = h(
      'div',
      {},
      pageHeading('Mail'),
      h(
        'p',
        { class: 'text-body-secondary' },
        'Recent mails: invitations, password resets and address verifications. A mail the server refused for now is tried again, up to 8 times over about an hour; one refused for good shows why.',
      ),
      h('div', { class: 'd-flex gap-2 mb-3' }, this.filter, this.refresh),
      this.body,
    );
  }

  bind(handlers: { filter: (state: string) => void; refresh: () => void }): void {
    this.filter.addEventListener('change', () => handlers.filter(this.filter.value));
    this.refresh.addEventListener('click', handlers.refresh);
  }

  showLoading(): void {
    this.body.setAttribute('aria-busy', 'true');
    this.body.replaceChildren(loadingState('Loading mails…'));
  }

  showMails(mails: OutboxMail[], failedOnly: boolean): void {
    this.body.removeAttribute('aria-busy');
    if (mails.length === 0) {
      this.body.replaceChildren(emptyState(failedOnly ? 'No mail has failed.' : 'No mail yet.'));
      return;
    }
    const row = (mail: OutboxMail) =>
      h(
        'tr',
        { 'data-id': String(mail.id) },
        h('td', {}, TEMPLATE_LABEL[mail.template ?? ''] ?? mail.template ?? '—'),
        h('td', {}, mail.recipient),
        h('td', {}, h('span', { class: `badge ${STATE_CLASS[mail.state]}` }, mail.state)),
        h('td', { class: 'text-end' }, String(mail.attempts)),
        h('td', {}, mail.last_error ?? ''),
        h('td', {}, formatDateTime(mail.created_at)),
      );
    this.body.replaceChildren(
      h(
        'div',
        { class: 'table-responsive' },
        h(
          'table',
          { class: 'table table-sm align-middle' },
          h('caption', { class: 'visually-hidden' }, 'Recent mails'),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ...['Kind', 'To', 'State', 'Tries', 'Last error', 'Queued'].map((label) =>
                h('th', { scope: 'col' }, label),
              ),
            ),
          ),
          h('tbody', {}, ...mails.map(row)),
        ),
      ),
    );
  }

  showError(error: unknown, retry: () => void): void {
    this.body.removeAttribute('aria-busy');
    this.body.replaceChildren(errorState(error, retry));
  }
}
