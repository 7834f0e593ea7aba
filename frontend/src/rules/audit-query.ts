import { formatValue, nameLabel } from '../format.ts';
import type { AuditCatalog, AuditQuery, Changes } from '../types.ts';

/** The audit screen's state in the URL, and how an event's changes read. Pure functions. */

export const DEFAULT_AUDIT_QUERY: AuditQuery = {
  page: 1,
  per_page: 20,
  actor_id: '',
  target_type: '',
  target_id: '',
  action: '',
  from: '',
  to: '',
};

const ID = /^\d{1,10}$/;
const ACTION = /^[a-z_]{1,40}(\.[a-z_]{1,40}){0,3}$/;
const TARGET_TYPE = /^[a-z_]{1,40}$/;
const FILTERS = ['actor_id', 'target_type', 'target_id', 'action', 'from', 'to'] as const;

/** A moment as ISO 8601 in UTC, or '' when the text is no date. */
export function toIso(text: string): string {
  if (!text) return '';
  const at = new Date(text);
  return Number.isNaN(at.getTime()) ? '' : at.toISOString();
}

/** An ISO moment as the value of an `<input type="datetime-local">`, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** The state in `params`; `maxPerPage` is the server's (its settings' `max_per_page`). */
export function parseAuditQuery(params: URLSearchParams, maxPerPage: number): AuditQuery {
  const int = (raw: string | null, fallback: number, max: number) =>
    raw && /^\d{1,7}$/.test(raw) && Number(raw) >= 1 && Number(raw) <= max ? Number(raw) : fallback;
  const id = (raw: string | null) => (raw && ID.test(raw) ? raw : '');
  const action = params.get('action') ?? '';
  const targetType = params.get('target_type') ?? '';
  return {
    page: int(params.get('page'), 1, 1_000_000),
    per_page: int(params.get('per_page'), DEFAULT_AUDIT_QUERY.per_page, maxPerPage),
    actor_id: id(params.get('actor_id')),
    target_type: TARGET_TYPE.test(targetType) ? targetType : '',
    target_id: id(params.get('target_id')),
    action: ACTION.test(action) ? action : '',
    from: toIso(params.get('from') ?? ''),
    to: toIso(params.get('to') ?? ''),
  };
}

export function auditQueryString(query: AuditQuery): string {
  const params = new URLSearchParams();
  for (const key of FILTERS) {
    if (query[key]) params.set(key, query[key]);
  }
  if (query.page !== 1) params.set('page', String(query.page));
  if (query.per_page !== DEFAULT_AUDIT_QUERY.per_page) params.set('per_page', String(query.per_page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface ChangeRow {
  field: string;
  before: string;
  after: string;
}

// What every create sets, and the event already says (its target, its time): not worth a line.
const SET_BY_EVERY_CREATE = new Set(['id', 'created_at', 'updated_at', 'version']);

/**
 * `{name: ["Ada", "Ada L."]}` as rows to show "name: Ada → Ada L.", fields in a stable order.
 * For a `….created` action the fields every create sets are left out.
 */
export function changeRows(changes: Changes | null, action = ''): ChangeRow[] {
  if (!changes) return [];
  const created = action.endsWith('.created');
  return Object.keys(changes)
    .filter((field) => !(created && SET_BY_EVERY_CREATE.has(field)))
    .sort()
    .map((field) => {
      const pair = changes[field];
      const [before, after] = Array.isArray(pair) ? pair : [undefined, pair];
      return { field, before: formatValue(before), after: formatValue(after) };
    });
}

/** The server's label for an action; an action it does not list shows as its raw name. */
export function actionLabel(catalog: AuditCatalog, action: string): string {
  return catalog.actions.find((a) => a.name === action)?.label ?? action;
}

/** The server's label for a target type, else the type's name in words. */
export function targetTypeLabel(catalog: AuditCatalog, type: string): string {
  return catalog.target_types.find((t) => t.name === type)?.label ?? nameLabel(type);
}

/**
 * What a person filter's text asks for: an id as typed, or a search. "Ada <ada@example.com>"
 * (what the suggestions offer) searches by the address in it.
 */
export type PersonText = { id: string } | { search: string; email: string | null };

export function readPersonText(text: string): PersonText {
  const typed = text.trim();
  if (typed === '' || ID.test(typed)) return { id: typed };
  const email = (
    /<([^<>\s]+@[^<>\s]+)>$/.exec(typed)?.[1] ?? (typed.includes('@') ? typed : null)
  )?.toLowerCase();
  return { search: email ?? typed, email: email ?? null };
}

/** "Ada Lovelace <ada@example.com>": how the suggestions show a person, and read back. */
export const personLabel = (user: { name: string; email: string }): string => `${user.name} <${user.email}>`;

/**
 * The one user a search found for `text`: by address when one was given, else the only match,
 * else the only one whose name is exactly the text (any case). Null when none or several.
 */
export function pickPerson<T extends { id: number; name: string; email: string }>(
  found: readonly T[],
  text: PersonText,
): T | null {
  if ('id' in text) return null;
  const exact = text.email
    ? found.filter((u) => u.email === text.email)
    : found.length === 1
      ? found
      : found.filter((u) => u.name.toLowerCase() === text.search.toLowerCase());
  return exact.length === 1 ? exact[0]! : null;
}
