import { h, type Child } from '../../dom.ts';
import type { Session } from '../../types.ts';
import { timeText } from '../../widgets/badges.ts';
import { dataTable } from '../../widgets/data-table.ts';

/** Sessions, shared by a user's page and my account; `end` adds a column of controls. */
export function sessionsTable(sessions: Session[], end?: (session: Session) => Child): HTMLElement {
  if (sessions.length === 0) return h('p', { class: 'text-body-secondary mb-0' }, 'No active sessions.');
  return dataTable<Session>({
    label: 'Sessions',
    tableClass: 'table-sm',
    rows: sessions,
    rowId: (session) => String(session.id),
    columns: [
      {
        label: 'Started',
        cellClass: 'text-nowrap',
        cell: (s) => [
          timeText(s.created_at),
          s.current ? h('span', { class: 'badge text-bg-info ms-2' }, 'This browser') : null,
        ],
      },
      { label: 'Last used', cellClass: 'text-nowrap', cell: (s) => timeText(s.last_used_at) },
      { label: 'From', cell: (s) => s.ip ?? '' },
      { label: 'Browser', cellClass: 'small text-break-any', cell: (s) => s.user_agent ?? '' },
      end ? { label: 'Actions', cell: end } : null,
    ],
  });
}
