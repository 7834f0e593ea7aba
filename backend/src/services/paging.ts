import type { Static } from '@sinclair/typebox';
import { DEFAULT_PER_PAGE, type CursorPageMetaSchema, type PageMetaSchema } from '../schemas/common.js';

// What every list answers besides its items: the `meta` of the envelope. A resource's list
// service returns a Page; its route puts `items` in `data` and `meta` beside it.

export type PageMeta = Static<typeof PageMetaSchema>;
export type CursorPageMeta = Static<typeof CursorPageMetaSchema>;

export interface Page<T, M extends PageMeta = PageMeta> {
  items: T[];
  meta: M;
}

export { DEFAULT_PER_PAGE };

/** How many rows come before numbered page `page` (counted from 1). */
export function pageOffset(page: number, perPage: number): number {
  return (page - 1) * perPage;
}

export function pageMeta(page: number, perPage: number, total: number): PageMeta {
  return { page, per_page: perPage, total, pages: Math.ceil(total / perPage) };
}

/**
 * The meta of a list that pages by cursor too. `total` may be a lower bound (`exact` false)
 * when counting every match would cost more than the page itself.
 */
export function cursorPageMeta(
  page: number,
  perPage: number,
  total: { count: number; exact: boolean },
  cursors: { next: string | null; prev: string | null; last: string | null },
): CursorPageMeta {
  return {
    ...pageMeta(page, perPage, total.count),
    total_exact: total.exact,
    next_cursor: cursors.next,
    prev_cursor: cursors.prev,
    last_cursor: cursors.last,
  };
}

/**
 * A page read with one row more than it shows (`limit: perPage + 1`): that row says whether
 * another page follows, without a count.
 */
export function takePage<T>(rows: readonly T[], perPage: number): { items: T[]; more: boolean } {
  return { items: rows.slice(0, perPage), more: rows.length > perPage };
}
