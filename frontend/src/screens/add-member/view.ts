import { fill, h } from '../../dom.ts';
import { describeError, plural } from '../../format.ts';
import type { Group, User } from '../../types.ts';
import { FormPanel } from '../../widgets/form-panel.ts';
import { control, inputField } from '../../widgets/forms.ts';
import { openModal, type ModalHandle } from '../../widgets/modal.ts';
import type { AddMemberHandlers, AddMemberView, Candidates } from './controller.ts';

let counter = 0;

/** Words for what the list below the search box holds, announced as it changes. */
function summary(candidates: Candidates): string {
  if ('idle' in candidates) return '';
  if ('searching' in candidates) return 'Searching…';
  if ('error' in candidates) return describeError(candidates.error);
  const { users, more } = candidates;
  if (users.length === 0) return 'No user matches.';
  return more
    ? `The first ${users.length} matches; type more to narrow them down.`
    : `${plural(users.length, 'match', 'matches')}.`;
}

/** The add-member dialog, as a Bootstrap modal: a search box over a list of users to pick from. */
export class AddMemberDialog extends FormPanel implements AddMemberView {
  private readonly modal: ModalHandle;
  private readonly choices = h('div', { class: 'mb-2', 'data-candidates': '' });
  private readonly status = h('p', {
    class: 'small text-body-secondary',
    'aria-live': 'polite',
    'data-status': '',
  });
  private readonly formId: string;
  private handlers: AddMemberHandlers | null = null;

  constructor(group: Group) {
    const formId = `add-member-${++counter}`;
    const submit = h('button', { type: 'submit', form: formId, class: 'btn btn-primary' }, 'Add member');
    super(h('form', { id: formId, novalidate: true }), submit);
    this.formId = formId;
    this.form.append(
      this.problem,
      inputField({
        label: 'Find a user',
        name: 'search',
        type: 'search',
        help: 'Type part of their name or e-mail address, then pick them below.',
        attrs: { maxlength: 200, autocomplete: 'off', spellcheck: 'false' },
      }),
      h(
        'fieldset',
        {},
        h('legend', { class: 'form-label fs-6' }, 'Matching users'),
        this.status,
        this.choices,
      ),
    );
    this.modal = openModal({
      title: `Add a member to ${group.name}`,
      body: this.form,
      footer: [
        h('button', { type: 'button', class: 'btn btn-quiet', 'data-bs-dismiss': 'modal' }, 'Cancel'),
        submit,
      ],
      focus: () => control(this.form, 'search'),
      backdrop: 'static',
      onHidden: () => this.handlers?.closed(),
    });
    const search = control(this.form, 'search');
    search.addEventListener('input', () => this.handlers?.typed(search.value));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      const picked = this.form.querySelector<HTMLInputElement>('input[name="user_id"]:checked');
      this.handlers?.submit(picked ? Number(picked.value) : null);
    });
  }

  bind(handlers: AddMemberHandlers): void {
    this.handlers = handlers;
  }

  showCandidates(candidates: Candidates): void {
    this.status.textContent = summary(candidates);
    if ('searching' in candidates) return;
    const users = 'users' in candidates ? candidates.users : [];
    fill(
      this.choices,
      users.map((user) => this.choice(user, users.length === 1)),
    );
  }

  private choice(user: User, only: boolean): HTMLElement {
    const id = `${this.formId}-user-${user.id}`;
    return h(
      'div',
      { class: 'form-check' },
      // The one match is picked already: Enter adds them.
      h('input', {
        class: 'form-check-input',
        type: 'radio',
        name: 'user_id',
        id,
        value: user.id,
        checked: only,
      }),
      h(
        'label',
        { class: 'form-check-label text-break-any', for: id },
        h('span', { class: 'fw-semibold' }, user.name),
        ' ',
        h('span', { class: 'text-body-secondary' }, user.email),
      ),
    );
  }

  close(): void {
    this.modal.close();
  }
}
