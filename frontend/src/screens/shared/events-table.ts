import { h } from '../../dom.ts';
import { actionLabel, changeRows, targetTypeLabel } from '../../rules/audit-query.ts';
import type { AuditCatalog, AuditEvent } from '../../types.ts';
import { timeText } from '../../widgets/badges.ts';
import { dataTable } from '../../widgets/data-table.ts';

/** The audit events table, shared by the audit log and a user's recent activity. */

/** Shows an event's changes as "field: before → after", one line each. */
function changesList(event: AuditEvent): HTMLElement | null {
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

// Failures and removals stand out; sign-in traffic stays quiet.
function actionTone(action: string): string {
  if (/failed|reuse|lockout/.test(action) || action.endsWith('deleted')) return 'text-bg-danger';
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

function target(event: AuditEvent, options: EventsTableOptions): HTMLElement | string {
  if (!event.target_id) return '—';
  const type = event.target_type ?? '';
  const text = `${type ? targetTypeLabel(options.catalog, type) : 'Item'} ${event.target_id}`;
  const path = options.targetPath(event.target_type, event.target_id);
  return path ? h('a', { href: path }, text) : text;
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
      { label: 'When', cellClass: 'text-nowrap', cell: (event) => timeText(event.occurred_at, '') },
      {
        label: 'Action',
        cell: (event) =>
          h(
            'span',
            { class: `badge ${actionTone(event.action)}`, title: event.action },
            actionLabel(catalog, event.action),
          ),
      },
      {
        label: 'By',
        cellClass: 'text-break-any',
        cell: (event) => event.actor_email ?? (event.actor_id ? `User ${event.actor_id}` : '—'),
      },
      (options.showTarget ?? true) && {
        label: 'Target',
        // A session's id is long: it wraps rather than widen the table.
        cellClass: 'text-break-any',
        cell: (event) => target(event, options),
      },
      { label: 'Changes', cell: changesList },
      {
        label: 'From',
        className: 'd-none d-lg-table-cell',
        cellClass: 'small text-body-secondary text-break-any',
        cell: (event) => [
          event.ip ?? '',
          event.request_id ? h('div', { title: 'Request id' }, event.request_id) : null,
        ],
      },
    ],
  });
}
