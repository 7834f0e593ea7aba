/** The page sizes a list offers, those the server takes (its settings' `max_per_page`). */
const PAGE_SIZES = [10, 20, 50, 100] as const;

export function pageSizes(maxPerPage: number): number[] {
  return PAGE_SIZES.filter((size) => size <= maxPerPage);
}

/**
 * Which page links to show: always the first and last, a window around the current page, and a
 * gap where pages are left out. `[1, 'gap', 4, 5, 6, 'gap', 12]`.
 */
export type PageItem = number | 'gap';

export function pageItems(current: number, pages: number, around = 1, more = false): PageItem[] {
  // `more`: the count stopped at `pages`, and pages beyond it may exist.
  if (more) return [...pageItems(current, pages, around), 'gap'];
  if (pages <= 1) return pages === 1 ? [1] : [];
  const keep = new Set<number>([1, pages]);
  for (let p = current - around; p <= current + around; p++) if (p >= 1 && p <= pages) keep.add(p);
  const sorted = [...keep].sort((a, b) => a - b);
  const items: PageItem[] = [];
  let previous = 0;
  for (const p of sorted) {
    // A gap of one page is shown as that page: "1 2 3", not "1 … 3".
    if (p - previous === 2) items.push(p - 1);
    else if (p - previous > 2) items.push('gap');
    items.push(p);
    previous = p;
  }
  return items;
}

/** "21–40 of 95" for the page on show; "21–40 of 1,000+" when the total is a lower bound. */
export function rangeLabel(page: number, perPage: number, total: number, exact = true): string {
  const of = `${total.toLocaleString('en')}${exact ? '' : '+'}`;
  if (total === 0) return '0 of 0';
  const first = (page - 1) * perPage + 1;
  const last = exact ? Math.min(total, page * perPage) : page * perPage;
  if (exact && first > total) return `0 of ${of}`;
  return `${first.toLocaleString('en')}–${last.toLocaleString('en')} of ${of}`;
}

/** `page` and `per_page` from a list's URL; anything the API would refuse is the default. */
export function pageParams(params: URLSearchParams, defaultPerPage = 20): { page: number; per_page: number } {
  // The API takes pages 1 to 1,000,000.
  const int = (raw: string | null, fallback: number) =>
    raw !== null && /^\d{1,7}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 1_000_000
      ? Number(raw)
      : fallback;
  const perPage = int(params.get('per_page'), defaultPerPage);
  return {
    page: int(params.get('page'), 1),
    per_page: (PAGE_SIZES as readonly number[]).includes(perPage) ? perPage : defaultPerPage,
  };
}

/** The query string of a list's page and size, leaving out the defaults so links stay short. */
export function pageParamsString(
  query: { page: number; per_page: number },
  defaultPerPage = 20,
  params = new URLSearchParams(),
): string {
  if (query.page !== 1) params.set('page', String(query.page));
  if (query.per_page !== defaultPerPage) params.set('per_page', String(query.per_page));
  const text = params.toString();
  return text ? `?${text}` : '';
}
