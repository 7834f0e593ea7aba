import { h, scrollingTable, type Child } from '../dom.ts';
import { icon } from '../icons.ts';
import { sortState, toggleSort } from '../rules/sorting.ts';

/**
 * The console's one table: the users, the audit events and the sessions are each a list of
 * columns over it. Rows carry `data-id` so tests and actions find them by item, not position;
 * cells are built with text nodes, so whatever a user typed shows as typed.
 */

export interface Column<T> {
  label: string;
  cell: (row: T) => Child;
  /** On the header and the cells: `d-none d-lg-table-cell` leaves a column out on narrow screens. */
  className?: string;
  /** On the cells only. */
  cellClass?: string;
  /** The API's sort field: the header becomes a button that sorts by it. */
  sort?: string;
  /** What the header holds instead of the label (a select-all checkbox labelled by itself). */
  header?: () => Child;
}

export interface DataTableOptions<T> {
  /** What the table lists, for its caption and for screen readers on the scrolling wrapper. */
  label: string;
  /** The caption when it says more than the label ("Audit events, newest first"). */
  caption?: string;
  /** Columns; `null` or `false` leaves one out (a column only some people see). */
  columns: readonly (Column<T> | null | false)[];
  rows: readonly T[];
  rowId: (row: T) => string | number;
  /** Classes for a row that stands out (the user just created). */
  rowClass?: (row: T) => string | null;
  tableClass?: string;
  /** The current sort and what a click on a sortable header asks for. */
  sort?: { current: string; onSort: (next: string) => void };
}

const joined = (...classes: (string | undefined)[]) => classes.filter(Boolean).join(' ') || null;

function header<T>(column: Column<T>, sort: DataTableOptions<T>['sort']): HTMLElement {
  if (column.header) return h('th', { scope: 'col', class: joined(column.className) }, column.header());
  if (!column.sort || !sort) return h('th', { scope: 'col', class: joined(column.className) }, column.label);
  const field = column.sort;
  const state = sortState(sort.current, field);
  const next = toggleSort(sort.current, field);
  return h(
    'th',
    { scope: 'col', class: joined(column.className), 'aria-sort': state },
    h(
      'button',
      {
        type: 'button',
        class: 'sort-button',
        'data-sort': field,
        title: `Sort by ${column.label.toLowerCase()}, ${next.startsWith('-') ? 'descending' : 'ascending'}`,
        onclick: () => sort.onSort(next),
      },
      column.label,
      state === 'none' ? null : icon(state === 'ascending' ? 'arrowUp' : 'arrowDown', 'ms-1'),
    ),
  );
}

export function dataTable<T>(options: DataTableOptions<T>): HTMLElement {
  const columns = options.columns.filter((c): c is Column<T> => Boolean(c));
  return scrollingTable(
    options.label,
    h(
      'table',
      { class: `table align-middle mb-0 ${options.tableClass ?? ''}`.trim() },
      h('caption', { class: 'visually-hidden' }, options.caption ?? options.label),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => header(c, options.sort)),
        ),
      ),
      h(
        'tbody',
        {},
        options.rows.map((row) =>
          h(
            'tr',
            { 'data-id': options.rowId(row), class: options.rowClass?.(row) ?? null },
            columns.map((c) => h('td', { class: joined(c.className, c.cellClass) }, c.cell(row))),
          ),
        ),
      ),
    ),
  );
}
