import { describe, expect, it } from 'vitest';
import { cursorPageMeta, pageMeta, pageOffset, takePage } from '../../src/services/paging.js';

describe('page meta', () => {
  it('counts a partial last page as a page, and no pages for no rows', () => {
    expect(pageMeta(1, 20, 41)).toEqual({ page: 1, per_page: 20, total: 41, pages: 3 });
    expect(pageMeta(2, 20, 40)).toEqual({ page: 2, per_page: 20, total: 40, pages: 2 });
    expect(pageMeta(1, 20, 0)).toEqual({ page: 1, per_page: 20, total: 0, pages: 0 });
  });

  it('starts numbered page n after n - 1 full pages', () => {
    expect(pageOffset(1, 25)).toBe(0);
    expect(pageOffset(3, 25)).toBe(50);
  });

  it('adds whether the total is exact and the cursors for cursor lists', () => {
    const cursors = { next: 'abc', prev: 'def', last: null };
    expect(cursorPageMeta(2, 10, { count: 1000, exact: false }, cursors)).toEqual({
      page: 2,
      per_page: 10,
      total: 1000,
      pages: 100,
      total_exact: false,
      next_cursor: 'abc',
      prev_cursor: 'def',
      last_cursor: null,
    });
  });

  it('reads the row past the page as "another page follows" and leaves it out', () => {
    expect(takePage([1, 2, 3], 2)).toEqual({ items: [1, 2], more: true });
    expect(takePage([1, 2], 2)).toEqual({ items: [1, 2], more: false });
    expect(takePage([], 2)).toEqual({ items: [], more: false });
  });
});
