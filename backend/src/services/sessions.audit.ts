import type { AuditDeclaration } from './audit-registry.js';

/** What the audit log records about sessions (registered in audit-actions.ts). */
export const sessionsAudit = {
  target_types: [{ name: 'session', label: 'Session' }],
  actions: [
    // Its events name the session ended, or the user when an admin ends all of theirs at once.
    { name: 'session.revoked', label: 'Session ended', target_type: 'session', other_target_types: ['user'] },
  ],
} as const satisfies AuditDeclaration;
