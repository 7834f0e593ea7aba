import { BASE } from './paths.ts';

/** Matching console paths to screens, and moving between them with the History API. */

export interface RouteMatch<R> {
  route: R;
  params: Record<string, string>;
}

/** Finds the route for `pathname`; patterns look like `/console/users/:id`. */
export function matchRoute<R extends { path: string }>(
  routes: readonly R[],
  pathname: string,
): RouteMatch<R> | null {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const parts = path.split('/');
  for (const route of routes) {
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((segment, i) => {
      const part = parts[i] ?? '';
      if (segment.startsWith(':')) {
        if (part === '') return false;
        try {
          params[segment.slice(1)] = decodeURIComponent(part);
        } catch {
          return false;
        }
        return true;
      }
      return segment === part;
    });
    if (matches) return { route, params };
  }
  return null;
}

export type Listener = () => void;

/** Pushes or replaces a history entry, then tells the app to show it. */
export class History {
  private rendered = '';

  constructor(private readonly onChange: Listener) {
    window.addEventListener('popstate', () => this.changed());
    document.addEventListener('click', (event) => this.followLink(event));
  }

  go(url: string, options: { replace?: boolean } = {}): void {
    if (options.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.changed();
  }

  /** Records a new query string for the screen on show, without showing it again. */
  record(url: string, options: { replace?: boolean } = {}): void {
    if (options.replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.rendered = location.pathname + location.search;
  }

  start(): void {
    this.changed();
  }

  private changed(): void {
    // A jump to a fragment (the skip link) fires popstate too; only a new path or query re-renders.
    const current = location.pathname + location.search;
    if (current === this.rendered) return;
    this.rendered = current;
    this.onChange();
  }

  private followLink(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest('a');
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith(`${BASE}/`)) return;
    event.preventDefault();
    this.go(url.pathname + url.search);
  }
}
