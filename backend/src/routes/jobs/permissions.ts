import { declarePermissions } from '../../domain/permissions.js';

/**
 * Jobs: anyone signed in sees and cancels the jobs they started (no permission needed); these
 * reach everyone's, daily runs included.
 */
export const jobsPermissions = declarePermissions({
  'jobs:read-all': 'admin',
  'jobs:cancel-all': 'admin',
});
