import { h } from '../../dom.ts';
import { icon } from '../../icons.ts';
import { groupPath } from '../../paths.ts';
import type { GroupsQuery } from '../../rules/groups-query.ts';
import type { Group } from '../../types.ts';
import { rowButtons } from '../../widgets/action-buttons.ts';
import { timeText } from '../../widgets/badges.ts';
import { dataTable } from '../../widgets/data-table.ts';
import { focusKey, searchBox } from '../../widgets/filters.ts';
import { pagination } from '../../widgets/pagination.ts';
import { Results } from '../../widgets/results.ts';
import { emptyState, pageHeading } from '../../widgets/states.ts';
import { groupButtons } from '../group-actions/view.ts';
import type { GroupsHandlers, GroupsListing, GroupsView } from './controller.ts';

/** The groups list on screen: the search, the table, the pages. */
export class GroupsPage implements GroupsView {
  readonly element: HTMLElement;
  private readonly search = searchBox({
    name: 'q',
    label: 'Search groups by name',
    placeholder: 'Search group names',
  });
  private readonly heading = pageHeading('Groups');
  private readonly results: Results;
  private handlers!: GroupsHandlers;
  private readonly stopKeys: () => void;

  /** `maxPerPage`: the server's largest page (its settings' `max_per_page`). */
  constructor(private readonly maxPerPage: number) {
    this.element = h(
      'section',
      {},
      this.heading,
      h(
        'div',
        { class: 'row g-2 mb-3', role: 'search' },
        h('div', { class: 'col-12 col-md-6' }, this.search.element),
      ),
    );
    this.results = new Results(this.element, 'Loading groups…');
    this.element.append(this.results.element);
    this.stopKeys = focusKey(this.search.input);
  }

  bind(handlers: GroupsHandlers): void {
    this.handlers = handlers;
    const { input } = this.search;
    input.addEventListener('input', () => handlers.typed(input.value));
    input.addEventListener('blur', () => handlers.leftSearch());
  }

  offerCreate(): void {
    this.heading.append(
      h(
        'button',
        {
          type: 'button',
          class: 'btn btn-primary',
          'data-action': 'create',
          onclick: () => this.handlers.create(),
        },
        icon('plus', 'me-1'),
        'New group',
      ),
    );
  }

  showQuery(query: GroupsQuery): void {
    // Typing goes on while the list follows: the box keeps what is being typed.
    if (document.activeElement !== this.search.input) this.search.input.value = query.q;
  }

  showLoading(): void {
    this.results.loading();
  }

  showGroups({ page, actions, pageHref }: GroupsListing): void {
    const { act } = this.handlers;
    this.results.show(
      dataTable<Group>({
        label: 'Groups',
        tableClass: 'table-hover',
        rows: page.items,
        rowId: (group) => group.id,
        columns: [
          {
            label: 'Name',
            cell: (group) =>
              h(
                'a',
                { href: groupPath(group.id), class: 'fw-semibold text-break', 'data-name': '' },
                group.name,
              ),
          },
          {
            label: 'Description',
            className: 'd-none d-md-table-cell',
            cellClass: 'text-break small text-body-secondary',
            cell: (group) => group.description ?? '',
          },
          {
            label: 'Created',
            className: 'd-none d-lg-table-cell',
            cellClass: 'text-nowrap',
            cell: (group) => timeText(group.created_at),
          },
          // Whoever may change no group sees no empty Actions column.
          actions.length > 0 && {
            label: 'Actions',
            className: 'text-end',
            cellClass: 'text-nowrap',
            cell: (group) =>
              rowButtons(
                group.name,
                groupButtons(actions, (key) => act(key, group)),
              ),
          },
        ],
      }),
      pagination({
        meta: page.meta,
        noun: ['group', 'groups'],
        href: pageHref,
        maxPerPage: this.maxPerPage,
        onPerPage: this.handlers.perPage,
      }),
    );
  }

  showNoGroups(searched: boolean): void {
    this.results.show(
      searched
        ? emptyState(
            'No group names match this search.',
            h(
              'button',
              { type: 'button', class: 'btn btn-sm btn-quiet', onclick: () => this.handlers.clearSearch() },
              'Clear search',
            ),
          )
        : emptyState('There are no groups yet.'),
    );
  }

  showError(error: unknown): void {
    this.results.failed(error, () => this.handlers.retry());
  }

  destroy(): void {
    this.stopKeys();
  }
}
