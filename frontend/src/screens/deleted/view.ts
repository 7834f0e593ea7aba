import { h } from '../../dom.ts';
import type { Settings } from '../../types.ts';
import type { DeletedUser } from '../../types/lifecycle.ts';
import { rowButtons, type ActionButton } from '../../widgets/action-buttons.ts';
import { roleBadge, timeText } from '../../widgets/badges.ts';
import { confirmAction } from '../../widgets/confirm.ts';
import { dataTable } from '../../widgets/data-table.ts';
import { pagination } from '../../widgets/pagination.ts';
import { Results } from '../../widgets/results.ts';
import { emptyState, pageHeading } from '../../widgets/states.ts';
import type { DeletedActionKey, DeletedHandlers, DeletedListing, DeletedView } from './controller.ts';

const BUTTONS: Record<DeletedActionKey, Omit<ActionButton, 'run'>> = {
  restore: { action: 'restore', label: 'Restore', icon: 'arrowCounterclockwise' },
  purge: { action: 'purge', label: 'Delete for good', icon: 'trash', danger: true },
};

/** The recycle bin on screen: who was deleted, when they go for good, restore and purge. */
export class DeletedPage implements DeletedView {
  readonly element: HTMLElement;
  private readonly results: Results;
  private handlers!: DeletedHandlers;

  constructor(private readonly settings: Settings) {
    this.element = h(
      'section',
      {},
      pageHeading('Deleted users'),
      h(
        'p',
        { class: 'text-body-secondary' },
        'Deleted users cannot sign in and are left out of every list. Each can be restored, as they were, ' +
          'until the date shown; the daily purge then removes them for good.',
      ),
    );
    this.results = new Results(this.element, 'Loading deleted users…');
    this.element.append(this.results.element);
  }

  bind(handlers: DeletedHandlers): void {
    this.handlers = handlers;
  }

  showLoading(): void {
    this.results.loading();
  }

  showUsers({ page, actions, pageHref }: DeletedListing): void {
    const { act } = this.handlers;
    this.results.show(
      dataTable<DeletedUser>({
        label: 'Deleted users',
        tableClass: 'table-hover',
        rows: page.items,
        rowId: (user) => user.id,
        columns: [
          {
            label: 'Name',
            cell: (user) => [
              h('span', { class: 'fw-semibold text-break', 'data-name': '' }, user.name),
              h('div', { class: 'small text-body-secondary d-md-none text-break-any' }, user.email),
            ],
          },
          {
            label: 'E-mail',
            className: 'd-none d-md-table-cell',
            cellClass: 'email-cell',
            cell: (user) => h('span', { title: user.email }, user.email),
          },
          { label: 'Role', cell: (user) => roleBadge(user.role, this.settings.roles) },
          { label: 'Deleted', cellClass: 'text-nowrap', cell: (user) => timeText(user.deleted_at) },
          {
            label: 'Restorable until',
            className: 'd-none d-sm-table-cell',
            cellClass: 'text-nowrap',
            cell: (user) => h('span', { 'data-purge-after': '' }, timeText(user.purge_after)),
          },
          actions.length > 0 && {
            label: 'Actions',
            className: 'text-end',
            cellClass: 'text-nowrap',
            cell: (user) =>
              rowButtons(
                user.name,
                actions.map((key) => ({ ...BUTTONS[key], run: () => act(key, user) })),
              ),
          },
        ],
      }),
      pagination({
        meta: page.meta,
        noun: ['deleted user', 'deleted users'],
        href: pageHref,
        maxPerPage: this.settings.max_per_page,
        onPerPage: this.handlers.perPage,
      }),
    );
  }

  showEmpty(): void {
    this.results.show(emptyState('The recycle bin is empty: no user was deleted recently.'));
  }

  showError(error: unknown): void {
    this.results.failed(error, () => this.handlers.retry());
  }

  confirmPurge(user: DeletedUser, run: () => Promise<void>): void {
    confirmAction({
      title: 'Delete for good',
      message: [
        'Remove ',
        h('strong', { class: 'text-break-any' }, user.name),
        ` (${user.email}) for good? They can no longer be restored.`,
      ],
      confirmLabel: 'Delete for good',
      danger: true,
      run,
    });
  }
}
