import { h } from '../dom.ts';
import type { PageMeta } from '../types.ts';
import { pageItems, pageSizes, rangeLabel } from '../rules/paging.ts';

export interface PaginationOptions {
  meta: PageMeta;
  /** The link for page `n`, so pages are real links (open in a new tab, copy). */
  href: (page: number) => string;
  /**
   * The link for a cursor of `meta` (lists that give them: users). Given, the previous, next
   * and last links follow the cursors, which cost what page 1 costs however deep (decision
   * 0158); the other numbers stay numbers.
   */
  cursorHref?: (cursor: string) => string;
  /** What is counted, one and many: ['user', 'users']. */
  noun: [string, string];
  /** The server's largest page (its settings' `max_per_page`): no larger size is offered. */
  maxPerPage: number;
  onPerPage?: (perPage: number) => void;
}

/** Page links, "21–40 of 95", and the page size. */
export function pagination({
  meta,
  href,
  cursorHref,
  noun,
  maxPerPage,
  onPerPage,
}: PaginationOptions): HTMLElement {
  /** Page `page`'s link: by `cursor` when the list gives one and the caller follows them. */
  const link = (page: number, cursor?: string | null) =>
    cursorHref && cursor ? cursorHref(cursor) : href(page);
  const item = (
    page: number,
    label: string,
    options: { disabled?: boolean; current?: boolean; aria?: string; cursor?: string | null },
  ) =>
    h(
      'li',
      { class: `page-item${options.disabled ? ' disabled' : ''}${options.current ? ' active' : ''}` },
      options.disabled || options.current
        ? h(
            'span',
            {
              class: 'page-link',
              'aria-current': options.current ? 'page' : null,
              'aria-label': options.aria ?? null,
            },
            label,
          )
        : h(
            'a',
            {
              class: 'page-link',
              href: link(page, options.cursor),
              'aria-label': options.aria ?? `Page ${page}`,
            },
            label,
          ),
    );
  const pages = Math.max(meta.pages, 1);
  // A large search is counted only so far: more pages than `pages` may follow.
  const exact = meta.total_exact ?? true;
  const hasNext = exact ? meta.page < pages : meta.next_cursor !== null;
  const links = h(
    'ul',
    { class: 'pagination pagination-sm mb-0 flex-wrap' },
    // Page 1 is a plain number however it is reached: the shortest link, and the same cost.
    item(meta.page - 1, '‹', {
      disabled: meta.page <= 1,
      aria: 'Previous page',
      cursor: meta.page > 2 ? meta.prev_cursor : null,
    }),
    pageItems(Math.min(meta.page, pages), pages, 1, !exact).map((p) =>
      p === 'gap'
        ? h('li', { class: 'page-item disabled' }, h('span', { class: 'page-link' }, '…'))
        : item(p, String(p), {
            current: p === meta.page,
            cursor: p === pages && p > 1 && exact ? meta.last_cursor : null,
          }),
    ),
    item(meta.page + 1, '›', { disabled: !hasNext, aria: 'Next page', cursor: meta.next_cursor }),
  );
  const sizeId = `per-page-${noun[1]}`;
  const size = onPerPage
    ? h(
        'div',
        { class: 'd-flex align-items-center gap-2' },
        h('label', { class: 'form-label mb-0 small text-nowrap', for: sizeId }, 'Per page'),
        h(
          'select',
          {
            class: 'form-select form-select-sm w-auto',
            id: sizeId,
            onchange: (event: Event) => onPerPage(Number((event.target as HTMLSelectElement).value)),
          },
          pageSizes(maxPerPage).map((n) =>
            h('option', { value: n, selected: n === meta.per_page }, String(n)),
          ),
        ),
      )
    : null;
  return h(
    'div',
    { class: 'd-flex flex-wrap align-items-center gap-3 mt-3' },
    h('nav', { 'aria-label': `Pages of ${noun[1]}` }, links),
    h(
      'span',
      { class: 'small text-body-secondary', 'data-range': '' },
      `${rangeLabel(meta.page, meta.per_page, meta.total, exact)} ${meta.total === 1 ? noun[0] : noun[1]}`,
    ),
    h('div', { class: 'ms-sm-auto' }, size),
  );
}
