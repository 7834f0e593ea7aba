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

export const ROLE_LABELS: Record<Role, string> = { admin: 'Admin', manager: 'Manager', viewer: 'Viewer' };
export const STATUS_LABELS: Record<Status, string> = { active: 'Active', disabled: 'Disabled' };

// Bootstrap's text-bg-* pairs keep the contrast in both themes.
export function roleBadgeClass(role: Role): string {
  return { admin: 'text-bg-danger', manager: 'text-bg-primary', viewer: 'text-bg-secondary' }[role];
}

export function statusBadgeClass(status: Status): string {
  return status === 'active' ? 'text-bg-success' : 'text-bg-warning';
}

/** A value from an audit diff as text: `—` for none, strings as they are, the rest as JSON. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value === '' ? '""' : value;
  return JSON.stringify(value);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
