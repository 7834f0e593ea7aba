import { describe, expect, it } from 'vitest';
import type { PageMeta } from '../../src/types.ts';
import { pagination } from '../../src/widgets/pagination.ts';

const meta = (over: Partial<PageMeta>): PageMeta => ({
  page: 1,
  per_page: 20,
  total: 200,
  total_exact: true,
  pages: 10,
  next_cursor: 'NEXT',
  prev_cursor: 'PREV',
  last_cursor: 'LAST',
  ...over,
});

/** Each link's label (or aria-label) and where it leads. */
function links(element: HTMLElement): Record<string, string> {
  return Object.fromEntries(
    [...element.querySelectorAll<HTMLAnchorElement>('a.page-link')].map((a) => [
      a.getAttribute('aria-label') ?? '',
      a.getAttribute('href') ?? '',
    ]),
  );
}

const options = {
  href: (n: number) => `?page=${n}`,
  cursorHref: (cursor: string) => `?cursor=${cursor}`,
  noun: ['user', 'users'] as [string, string],
  maxPerPage: 100,
};

describe('pagination by cursor', () => {
  it('follows the cursors for previous, next and the last page, and numbers for the rest', () => {
    const shown = links(pagination({ ...options, meta: meta({ page: 5 }) }));
    expect(shown).toEqual({
      'Previous page': '?cursor=PREV',
      'Page 1': '?page=1',
      'Page 4': '?page=4',
      'Page 6': '?page=6',
      'Page 10': '?cursor=LAST',
      'Next page': '?cursor=NEXT',
    });
  });

  it('goes back from page 2 to page 1 by its number', () => {
    expect(links(pagination({ ...options, meta: meta({ page: 2 }) }))['Previous page']).toBe('?page=1');
  });

  it('has no link to the page on show, nor past the ends', () => {
    const last = links(
      pagination({ ...options, meta: meta({ page: 10, next_cursor: null, last_cursor: null }) }),
    );
    expect(last['Page 10']).toBeUndefined();
    expect(last['Next page']).toBeUndefined();
    expect(last['Previous page']).toBe('?cursor=PREV');
    const first = links(pagination({ ...options, meta: meta({ page: 1, prev_cursor: null }) }));
    expect(first['Previous page']).toBeUndefined();
  });

  it('shows no last page for a search counted only so far, and pages by number without cursorHref', () => {
    const counting = links(
      pagination({ ...options, meta: meta({ page: 3, total: 1000, total_exact: false, pages: 50 }) }),
    );
    expect(counting['Page 50']).toBe('?page=50');
    expect(counting['Next page']).toBe('?cursor=NEXT');
    const plain = links(pagination({ ...options, cursorHref: undefined, meta: meta({ page: 5 }) }));
    expect(plain).toMatchObject({
      'Previous page': '?page=4',
      'Page 10': '?page=10',
      'Next page': '?page=6',
    });
  });
});
