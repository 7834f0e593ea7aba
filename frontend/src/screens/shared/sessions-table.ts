import { h, whileBusy, type Child } from '../../dom.ts';
import { formatDateTime } from '../../format.ts';
import { describeUserAgent } from '../../user-agent.ts';
import type { Session } from '../../types.ts';
import { timeText } from '../../widgets/badges.ts';
import { dataTable } from '../../widgets/data-table.ts';

/** Sessions, shared by a user's page and my account; `act` adds a column of controls. */
export function sessionsTable(sessions: Session[], act?: (session: Session) => Child): HTMLElement {
  if (sessions.length === 0) return h('p', { class: 'text-body-secondary mb-0' }, 'No active sessions.');
  return dataTable<Session>({
    label: 'Sessions',
    tableClass: 'table-sm',
    rows: sessions,
    rowId: (session) => String(session.id),
    columns: [
      { label: 'Device', cell: device },
      {
        label: 'Started',
        cellClass: 'text-nowrap',
        cell: (s) => [
          timeText(s.created_at),
          s.current ? h('span', { class: 'badge text-bg-info ms-2' }, 'This browser') : null,
        ],
      },
      { label: 'Last used', cellClass: 'text-nowrap', cell: (s) => timeText(s.last_used_at) },
      { label: 'From', cellClass: 'text-break-any', cell: (s) => s.ip ?? '' },
      act ? { label: 'Actions', cell: act } : null,
    ],
  });
}

/** "Firefox 128 on Windows 10" over "Computer"; the header as sent on hover. */
function device(session: Session): Child {
  const read = describeUserAgent(session.user_agent);
  if (!read) return h('span', { class: 'text-body-secondary' }, 'Unknown');
  return h(
    'div',
    { title: session.user_agent ?? '', 'data-device': '' },
    h('div', {}, read.os ? `${read.browser} on ${read.os}` : read.browser),
    read.device ? h('div', { class: 'small text-body-secondary' }, read.device) : null,
  );
}

/**
 * A session's control: End for another session, Sign out for the one this browser is using
 * (ending it here is signing out).
 */
export function sessionAction(handlers: {
  end: (session: Session) => Promise<void>;
  signOut: () => void;
}): (session: Session) => HTMLElement {
  return (session) => {
    if (session.current) {
      return h(
        'button',
        {
          type: 'button',
          class: 'btn btn-sm btn-quiet',
          'data-action': 'sign-out',
          onclick: handlers.signOut,
        },
        'Sign out',
      );
    }
    const button = h(
      'button',
      {
        type: 'button',
        class: 'btn btn-sm btn-quiet-danger',
        'data-action': 'end-session',
        // Every row's button says End: the name says which session it ends.
        'aria-label': `End the session started ${formatDateTime(session.created_at)}`,
      },
      'End',
    );
    button.addEventListener('click', () => void whileBusy(button, () => handlers.end(session)));
    return button;
  };
}
