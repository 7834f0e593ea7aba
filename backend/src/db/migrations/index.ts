import type { Migration } from 'kysely';
import * as createUsers from './2026_11_26_001_create_users.js';
import * as authSessionsAudit from './2026_11_26_002_auth_sessions_audit.js';
import * as usersSearchIndex from './2026_11_26_003_users_search_index.js';
import * as usersSearchAndCounts from './2026_11_26_004_users_search_and_counts.js';
import * as usersSearchMerging from './2026_11_26_005_users_search_merging.js';
import * as groups from './2026_12_06_006_groups.js';
import * as usersSortIndexes from './2026_12_07_007_users_sort_indexes.js';
import * as outboxAndJobs from './2026_12_08_008_outbox_and_jobs.js';
import * as invitationsAndTokens from './2026_12_09_009_invitations_and_tokens.js';
import * as bulkChanges from './2026_12_11_011_bulk_changes.js';
import * as overviewCounts from './2026_12_12_012_overview_counts.js';
import * as userIdBlocks from './2026_12_13_013_user_id_blocks.js';
import * as importRows from './2026_12_14_014_import_rows.js';
import * as usersRecycleBin from './2026_12_15_015_users_recycle_bin.js';
import * as binnedEmailIndex from './2026_12_16_016_binned_email_index.js';

/**
 * Every migration, in order. Listed here rather than read from the directory so the same list
 * works from TypeScript sources, compiled output and bundles. Files are frozen once shipped.
 */
export const migrations: Record<string, Migration> = {
  '2026_11_26_001_create_users': createUsers,
  '2026_11_26_002_auth_sessions_audit': authSessionsAudit,
  '2026_11_26_003_users_search_index': usersSearchIndex,
  '2026_11_26_004_users_search_and_counts': usersSearchAndCounts,
  '2026_11_26_005_users_search_merging': usersSearchMerging,
  '2026_12_06_006_groups': groups,
  '2026_12_07_007_users_sort_indexes': usersSortIndexes,
  '2026_12_08_008_outbox_and_jobs': outboxAndJobs,
  '2026_12_09_009_invitations_and_tokens': invitationsAndTokens,
  '2026_12_11_011_bulk_changes': bulkChanges,
  '2026_12_12_012_overview_counts': overviewCounts,
  '2026_12_13_013_user_id_blocks': userIdBlocks,
  '2026_12_14_014_import_rows': importRows,
  '2026_12_15_015_users_recycle_bin': usersRecycleBin,
  '2026_12_16_016_binned_email_index': binnedEmailIndex,
};
