import { h, type Child } from '../../dom.ts';
import { formatDateTime } from '../../format.ts';
import { actionLabel, changeRows, targetTypeLabel } from '../../rules/audit-query.ts';
import type { AuditCatalog, AuditEvent } from '../../types.ts';
import { describeUserAgent } from '../../user-agent.ts';
import { timeText } from '../../widgets/badges.ts';
import { dataTable } from '../../widgets/data-table.ts';

/** The audit events table, shared by the audit log and a user's recent activity. */

/** Shows an event's changes as "field: before → after", one line each. */
function changesList(event: AuditEvent): HTMLElement | null {
  const rows = changeRows(event.changes, event.action);
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

// Failures and removals stand out; sign-in traffic stays quiet.
function actionTone(action: string): string {
  if (/failed|reuse|lockout|purged|erased/.test(action) || action.endsWith('deleted'))
    return 'text-bg-danger';
  return action.startsWith('auth.') ? 'text-bg-secondary' : 'text-bg-primary';
}

export interface EventsTableOptions {
  catalog: AuditCatalog;
  events: AuditEvent[];
  /** The console page of an event's target, from the registry; null when it has none. */
  targetPath: (type: string | null, id: string | null) => string | null;
  /** Leave out the target column (a user's own page: they are the target). */
  showTarget?: boolean;
}

/** A person by name (a link to their page when there is one) over their address. */
function person(name: string | null, email: string | null, path: string | null, fallback: string): Child {
  const main = name ?? email ?? fallback;
  return [
    path ? h('a', { href: path, 'data-person': '' }, main) : h('span', { 'data-person': '' }, main),
    name && email ? h('div', { class: 'small text-body-secondary' }, email) : null,
  ];
}

function actor(event: AuditEvent, options: EventsTableOptions): Child {
  // No actor and no address: the server itself (the dormant policy, the daily purge).
  if (event.actor_id === null) return event.actor_email ?? h('span', { 'data-system': '' }, 'System');
  const path = options.targetPath('user', String(event.actor_id));
  return person(event.actor_name, event.actor_email, path, `User ${event.actor_id}`);
}

function target(event: AuditEvent, options: EventsTableOptions): Child {
  if (!event.target_id) return '—';
  const type = event.target_type ?? '';
  const path = options.targetPath(event.target_type, event.target_id);
  const named = `${type ? targetTypeLabel(options.catalog, type) : 'Item'} ${event.target_id}`;
  if (type === 'user') return person(event.target_name, event.target_email, path, named);
  const session = event.target_session;
  if (session) {
    // A session by its device and its start, rather than its 32-character id.
    const device = describeUserAgent(session.user_agent);
    return h(
      'div',
      { title: `Session ${event.target_id}`, 'data-session': '' },
      h('div', {}, device ? (device.os ? `${device.browser} on ${device.os}` : device.browser) : 'A session'),
      h('div', { class: 'small text-body-secondary' }, `started ${formatDateTime(session.created_at)}`),
    );
  }
  return path ? h('a', { href: path }, named) : named;
}

/** Where the request came from and which it was: out of the way until asked for. */
function details(event: AuditEvent): Child {
  const device = describeUserAgent(event.user_agent);
  const rows: [string, string][] = [
    ['Address', event.ip ?? '—'],
    ['Device', device ? [device.browser, device.os, device.device].filter(Boolean).join(' · ') : '—'],
    ['Request id', event.request_id ?? '—'],
  ];
  return h(
    'details',
    { 'data-details': '' },
    h('summary', { class: 'small' }, 'Details'),
    h(
      'dl',
      { class: 'small mb-0 mt-1' },
      rows.map(([term, text]) => [
        h('dt', { class: 'fw-semibold' }, term),
        h(
          'dd',
          { class: 'mb-1 text-break-any', title: term === 'Device' ? (event.user_agent ?? '') : null },
          text,
        ),
      ]),
    ),
  );
}

export function eventsTable(options: EventsTableOptions): HTMLElement {
  const { catalog } = options;
  return dataTable<AuditEvent>({
    label: 'Audit events',
    caption: 'Audit events, newest first',
    tableClass: 'table-sm table-audit',
    rows: options.events,
    rowId: (event) => event.id,
    columns: [
      {
        label: 'When',
        cellClass: 'text-nowrap',
        cell: (event) => [
          timeText(event.occurred_at, ''),
          h('div', { class: 'small text-body-secondary' }, formatDateTime(event.occurred_at)),
        ],
      },
      {
        label: 'Action',
        cell: (event) =>
          h(
            'span',
            { class: `badge ${actionTone(event.action)}`, title: event.action },
            actionLabel(catalog, event.action),
          ),
      },
      { label: 'By', cellClass: 'text-break-any', cell: (event) => actor(event, options) },
      (options.showTarget ?? true) && {
        label: 'Target',
        cellClass: 'text-break-any',
        cell: (event) => target(event, options),
      },
      { label: 'Changes', cell: changesList },
      { label: 'Details', cell: details },
    ],
  });
}
