import { h, scrollingTable } from '../dom.ts';
import type { AuditCatalog, AuditEvent } from '../types.ts';
import { actionLabel, changeRows } from '../rules/audit-query.ts';
import { timeText } from './users-table.ts';

/** Shows an event's changes as "field: before → after", one line each. */
export function changesList(event: AuditEvent): HTMLElement | null {
  const rows = changeRows(event.changes);
  if (rows.length === 0) return null;
  return h(
    'ul',
    { class: 'list-unstyled small mb-0', 'data-changes': '' },
    rows.map((row) =>
      h(
        'li',
        { class: 'text-break-any' },
        h('span', { class: 'fw-semibold' }, row.field),
        ': ',
        h('span', { class: 'text-body-secondary' }, row.before),
        h('span', { 'aria-hidden': 'true' }, ' → '),
        h('span', { class: 'visually-hidden' }, ' changed to '),
        h('span', {}, row.after),
      ),
    ),
  );
}

export function actionBadge(catalog: AuditCatalog, action: string): HTMLElement {
  const tone =
    action.includes('failed') ||
    action.includes('reuse') ||
    action.includes('lockout') ||
    action.endsWith('deleted')
      ? 'text-bg-danger'
      : action.startsWith('auth.')
        ? 'text-bg-secondary'
        : 'text-bg-primary';
  return h('span', { class: `badge ${tone}`, title: action }, actionLabel(catalog, action));
}

export function targetLink(event: AuditEvent): HTMLElement | string {
  if (!event.target_id) return '—';
  if (event.target_type === 'user')
    return h(
      'a',
      { href: `/console/users/${encodeURIComponent(event.target_id)}` },
      `User ${event.target_id}`,
    );
  return `${event.target_type ?? 'Item'} ${event.target_id}`;
}

/** The audit events table, shared by the audit screen and a user's page. */
export function auditTable(
  catalog: AuditCatalog,
  events: AuditEvent[],
  options: { showTarget?: boolean } = {},
): HTMLElement {
  const showTarget = options.showTarget ?? true;
  return scrollingTable(
    'Audit events',
    h(
      'table',
      { class: 'table table-sm table-audit align-middle mb-0' },
      h('caption', { class: 'visually-hidden' }, 'Audit events, newest first'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'When'),
          h('th', { scope: 'col' }, 'Action'),
          h('th', { scope: 'col' }, 'By'),
          showTarget ? h('th', { scope: 'col' }, 'Target') : null,
          h('th', { scope: 'col' }, 'Changes'),
          h('th', { scope: 'col', class: 'd-none d-lg-table-cell' }, 'From'),
        ),
      ),
      h(
        'tbody',
        {},
        events.map((event) =>
          h(
            'tr',
            { 'data-id': event.id },
            h('td', { class: 'text-nowrap' }, timeText(event.occurred_at, '')),
            h('td', {}, actionBadge(catalog, event.action)),
            h(
              'td',
              { class: 'text-break-any' },
              event.actor_email ?? (event.actor_id ? `User ${event.actor_id}` : '—'),
            ),
            showTarget ? h('td', { class: 'text-nowrap' }, targetLink(event)) : null,
            h('td', {}, changesList(event)),
            h(
              'td',
              { class: 'd-none d-lg-table-cell small text-body-secondary text-break-any' },
              event.ip ?? '',
              event.request_id ? h('div', { title: 'Request id' }, event.request_id) : null,
            ),
          ),
        ),
      ),
    ),
  );
}
