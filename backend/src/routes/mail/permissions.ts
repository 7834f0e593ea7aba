import { declarePermissions } from '../../domain/permissions.js';

/** The mail outbox: who sees what was sent and what bounced (invitations, resets, verifications). */
export const mailPermissions = declarePermissions({
  'mail:read-outbox': 'admin',
});
