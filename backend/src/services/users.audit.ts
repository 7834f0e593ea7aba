import type { AuditDeclaration } from './audit-registry.js';

/** What the audit log records about users (registered in audit-actions.ts). */
export const usersAudit = {
  target_types: [{ name: 'user', label: 'User' }],
  actions: [
    { name: 'user.created', label: 'User created', target_type: 'user' },
    { name: 'user.updated', label: 'User updated', target_type: 'user' },
    { name: 'user.deleted', label: 'User deleted', target_type: 'user' },
    { name: 'user.password_set', label: 'Password set by an admin', target_type: 'user' },
    // Of many users at once: no target; the changes name the format and the list's filter.
    { name: 'user.list_exported', label: 'Users exported (a list)', target_type: 'user' },
  ],
} as const satisfies AuditDeclaration;
