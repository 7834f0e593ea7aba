import type { AuditDeclaration } from './audit-registry.js';

/**
 * What the audit log records of a user's lifecycle (issue 16, registered in audit-actions.ts).
 * The dormant policy's disables are `user.updated` events with no actor and a `reason`.
 */
export const lifecycleAudit = {
  target_types: [],
  actions: [
    { name: 'user.restored', label: 'User restored from the recycle bin', target_type: 'user' },
    { name: 'user.purged', label: 'User removed for good', target_type: 'user' },
    { name: 'user.erased', label: 'User erased (GDPR)', target_type: 'user' },
    { name: 'user.exported', label: 'User data exported', target_type: 'user' },
    { name: 'user.dormant_warned', label: 'Warned of disabling for inactivity', target_type: 'user' },
  ],
} as const satisfies AuditDeclaration;
