import type { AuditDeclaration } from './audit-registry.js';

/** What the audit log records about invitations, password resets, verification and mail (issue 14). */
export const mailAudit = {
  target_types: [{ name: 'mail', label: 'Mail' }],
  actions: [
    { name: 'user.invited', label: 'User invited', target_type: 'user' },
    { name: 'user.invitation_resent', label: 'Invitation sent again', target_type: 'user' },
    { name: 'user.invitation_revoked', label: 'Invitation revoked', target_type: 'user' },
    { name: 'user.invitation_accepted', label: 'Invitation accepted', target_type: 'user' },
    { name: 'user.verification_sent', label: 'Email verification sent', target_type: 'user' },
    { name: 'user.email_verified', label: 'Email verified', target_type: 'user' },
    { name: 'auth.password_reset_requested', label: 'Password reset requested', target_type: 'user' },
    { name: 'auth.password_reset', label: 'Password reset with a mailed link', target_type: 'user' },
    { name: 'mail.sent', label: 'Mail sent', target_type: 'mail' },
    { name: 'mail.failed', label: 'Mail failed', target_type: 'mail' },
  ],
} as const satisfies AuditDeclaration;
