import { ApiError } from './api.ts';
import type { Role, Status } from './types.ts';

/** How values look on screen. Pure functions: the tests pass a fixed "now" and locale. */

export function formatDateTime(iso: string | null, locale?: string): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 hours ago", "in 2 minutes", "just now". */
export function relativeTime(iso: string | null, now = Date.now(), locale?: string): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((at - now) / 1000);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return 'just now';
}

/** "4 min 5 s" for a wait. */
export function formatWait(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return `${rest} s`;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** A name from the server's settings as a label: "manager" → "Manager", "on_leave" → "On leave". */
export function nameLabel(name: string): string {
  const text = name.replace(/[_-]+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// Bootstrap's text-bg-* pairs keep the contrast in both themes.
/** The highest role red, the lowest grey, the ones between blue (`roles` lowest first). */
export function roleBadgeClass(role: Role, roles: readonly Role[]): string {
  const rank = roles.indexOf(role);
  if (rank === roles.length - 1) return 'text-bg-danger';
  return rank <= 0 ? 'text-bg-secondary' : 'text-bg-primary';
}

/** Active green, any other status (disabled, or one the server adds) amber. */
export function statusBadgeClass(status: Status): string {
  return status === 'active' ? 'text-bg-success' : 'text-bg-warning';
}

/** A value from an audit diff as text: `—` for none, strings as they are, the rest as JSON. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

/** "3 members", "1 member": a count and its noun. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** The words for a failure, for a person: the server's message when there is one. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong in the console. Reload the page and try again.';
}

/** A request id to quote to whoever reads the server's logs. */
export function requestIdOf(error: unknown): string | null {
  return error instanceof ApiError ? error.requestId : null;
}
