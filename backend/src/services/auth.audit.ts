import type { AuditDeclaration } from './audit-registry.js';

/** What the audit log records about signing in and one's own account (audit-actions.ts). */
export const authAudit = {
  target_types: [],
  actions: [
    { name: 'auth.login', label: 'Signed in', target_type: 'session' },
    { name: 'auth.login_failed', label: 'Sign-in failed', target_type: 'user' },
    { name: 'auth.logout', label: 'Signed out', target_type: 'session' },
    { name: 'auth.refresh_reuse', label: 'Reused refresh token; session ended', target_type: 'session' },
    { name: 'auth.password_changed', label: 'Own password changed', target_type: 'user' },
    { name: 'auth.lockout', label: 'Account locked after failed sign-ins', target_type: 'user' },
    { name: 'auth.lockout_cleared', label: 'Account lockout cleared', target_type: 'user' },
  ],
} as const satisfies AuditDeclaration;
