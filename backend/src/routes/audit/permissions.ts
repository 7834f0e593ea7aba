import { declarePermissions } from '../../domain/permissions.js';

export const auditPermissions = declarePermissions({
  'audit:read': 'admin',
});
