import { declarePermissions } from '../../domain/permissions.js';

/**
 * What may be done to groups, and the lowest role that may do it. Groups grant nothing
 * themselves: a member holds exactly the permissions of their role.
 */
export const groupsPermissions = declarePermissions({
  'groups:read': 'viewer',
  // Adding and removing members of existing groups; managers may add any user, admins included,
  // since a membership grants nothing.
  'groups:manage-members': 'manager',
  // Creating, renaming and deleting groups.
  'groups:write': 'admin',
});
