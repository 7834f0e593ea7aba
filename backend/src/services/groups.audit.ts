import type { AuditDeclaration } from './audit-registry.js';

/**
 * What the audit log records about groups (registered in audit-actions.ts). A membership that
 * begins or ends is written twice, once about the group and once about the user, so both
 * histories (`target_type=group` and `target_type=user`) show it; the two events carry the same
 * changes and request id.
 */
export const groupsAudit = {
  target_types: [{ name: 'group', label: 'Group' }],
  actions: [
    { name: 'group.created', label: 'Group created', target_type: 'group' },
    { name: 'group.updated', label: 'Group updated', target_type: 'group' },
    { name: 'group.deleted', label: 'Group deleted', target_type: 'group' },
    // Each membership event is written about the group and about the user.
    {
      name: 'group.member_added',
      label: 'Added to a group',
      target_type: 'group',
      other_target_types: ['user'],
    },
    // Also when the membership ends because its user or its group was deleted.
    {
      name: 'group.member_removed',
      label: 'Removed from a group',
      target_type: 'group',
      other_target_types: ['user'],
    },
  ],
} as const satisfies AuditDeclaration;
