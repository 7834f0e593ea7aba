import type { Permission, UserListQuery } from '../types.ts';
import type { BulkCounts, BulkRequest, JobItem } from '../types/jobs.ts';
import { activityQuery } from './lifecycle-rules.ts';

/**
 * Bulk changes to users: the actions the bar offers, who may take each (the server checks again),
 * and how a preview and a result read. Plain rules, no DOM.
 */

export interface BulkActionChoice {
  action: string;
  /** set_role: the role to give */
  role?: string;
  label: string;
  /** what happens to a user it changes: "will be disabled" */
  verb: string;
  permission: Permission;
  danger?: boolean;
}

/** The bar's actions, in its order; set_role is offered once per role (see withRoles). */
const BASE_ACTIONS: BulkActionChoice[] = [
  { action: 'disable', label: 'Disable', verb: 'disabled', permission: 'users:update' },
  { action: 'enable', label: 'Enable', verb: 'enabled', permission: 'users:update' },
  { action: 'end_sessions', label: 'End sessions', verb: 'signed out', permission: 'sessions:revoke' },
  { action: 'delete', label: 'Delete', verb: 'deleted', permission: 'users:delete', danger: true },
];

/** The actions someone holding `can` may take, with a "Make <role>" for each role they may give. */
export function bulkActionsFor(
  can: (permission: Permission) => boolean,
  roles: readonly string[],
): BulkActionChoice[] {
  const setRoles = can('users:update')
    ? roles
        .filter((role) => role !== 'admin' || can('users:manage-admins'))
        .map((role) => ({
          action: 'set_role',
          role,
          label: `Make ${role}`,
          verb: `made ${role}`,
          permission: 'users:update',
        }))
    : [];
  const [disable, enable, endSessions, remove] = BASE_ACTIONS;
  return [disable!, enable!, ...setRoles, endSessions!, remove!].filter((a) => can(a.permission));
}

/** Why an item was skipped, in words a preview shows. */
const REASONS: Record<string, string> = {
  last_admin: 'the last admin',
  yourself: 'yourself',
  admin_only: 'an admin (only admins may change admins)',
  version_changed: 'changed since you saw it',
  not_found: 'no longer there',
};

export function reasonText(code: string | null): string {
  return (code && REASONS[code]) ?? code ?? 'refused';
}

const count = (n: number) => n.toLocaleString('en');

/**
 * "418 will be disabled; 2 skipped: the last admin, yourself". Reasons named in the items come
 * in their order, each once; `items` are the preview's skipped and failed rows.
 */
export function previewSentence(
  counts: BulkCounts,
  items: readonly JobItem[],
  choice: BulkActionChoice,
): string {
  const parts = [`${count(counts.changed)} will be ${choice.verb}`];
  if (counts.unchanged > 0) parts.push(`${count(counts.unchanged)} already so`);
  if (counts.skipped > 0) {
    const reasons = [...new Set(items.filter((i) => i.outcome === 'skipped').map((i) => reasonText(i.code)))];
    parts.push(`${count(counts.skipped)} skipped: ${reasons.join(', ')}`);
  }
  if (counts.failed > 0) parts.push(`${count(counts.failed)} would fail`);
  return parts.join('; ');
}

/** "3 changed, 1 unchanged, 2 skipped, 0 failed" after a run. */
export function resultSentence(counts: BulkCounts): string {
  return (['changed', 'unchanged', 'skipped', 'failed'] as const)
    .map((outcome) => `${count(counts[outcome])} ${outcome}`)
    .join(', ');
}

/** Failures first, then skips, each in item order. */
export function problemsFirst(items: readonly JobItem[]): JobItem[] {
  const rank = (item: JobItem) => (item.outcome === 'failed' ? 0 : item.outcome === 'skipped' ? 1 : 2);
  return [...items].sort((a, b) => rank(a) - rank(b) || a.seq - b.seq);
}

/** What users a request names: the ids chosen, or every user the list's filters match now. */
export type Selection = { ids: number[] } | { matching: UserListQuery };

export function bulkRequest(
  choice: BulkActionChoice,
  selection: Selection,
  dryRun: boolean,
  now = new Date(),
): BulkRequest {
  const target =
    'ids' in selection
      ? { ids: selection.ids.map((id) => ({ id })) }
      : {
          filter: {
            ...(selection.matching.q && { q: selection.matching.q }),
            ...(selection.matching.role && { role: selection.matching.role }),
            ...(selection.matching.status && { status: selection.matching.status }),
            ...(selection.matching.group && { group: Number(selection.matching.group) }),
            ...(selection.matching.email_verified && {
              email_verified: selection.matching.email_verified === 'true',
            }),
            // The same instant the list was asked for (the start of today, UTC, N days back).
            ...activityQuery(selection.matching.activity, now),
          },
        };
  return { action: choice.action, ...(choice.role && { role: choice.role }), ...target, dry_run: dryRun };
}
