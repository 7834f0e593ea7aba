import type { ScreenFactory } from './context.ts';
import type { IconName } from './icons.ts';
import { GROUP_PERMISSIONS } from './rules/group-rules.ts';
import { LIFECYCLE_PERMISSIONS } from './rules/lifecycle-rules.ts';
import { USER_PERMISSIONS } from './rules/user-rules.ts';
import {
  ACCEPT_INVITATION,
  ACCOUNT,
  AUDIT,
  CHANGE_PASSWORD,
  DELETED_USERS,
  DORMANT_POLICY,
  FORGOT_PASSWORD,
  GROUPS,
  HOME,
  IMPORT,
  MAIL,
  OVERVIEW,
  RESET_PASSWORD,
  SIGN_IN,
  USERS,
  VERIFY_EMAIL,
} from './paths.ts';
import { acceptInvitationScreen } from './screens/accept-invitation/index.ts';
import { forgotPasswordScreen } from './screens/forgot-password/index.ts';
import { outboxScreen } from './screens/outbox/index.ts';
import { resetPasswordScreen } from './screens/reset-password/index.ts';
import { verifyEmailScreen } from './screens/verify-email/index.ts';
import { accountScreen } from './screens/account/index.ts';
import { auditScreen } from './screens/audit/index.ts';
import { changePasswordScreen } from './screens/change-password/index.ts';
import { deletedScreen } from './screens/deleted/index.ts';
import { dormantScreen } from './screens/dormant/index.ts';
import { groupScreen } from './screens/group/index.ts';
import { groupsScreen } from './screens/groups/index.ts';
import { overviewScreen } from './screens/overview/index.ts';
import { importScreen } from './screens/import/index.ts';
import { signInScreen } from './screens/sign-in/index.ts';
import { userScreen } from './screens/user/index.ts';
import { usersScreen } from './screens/users/index.ts';
import type { Permission } from './types.ts';

/**
 * Every console screen in one table: its path, what shows it, its title, the permission it needs
 * and its place in the navigation bar. A new screen (say, groups) is one entry here plus its
 * folder under screens/; the shell, the navigation and the audit log's links follow from it.
 */
export interface ScreenEntry {
  /** `/console/users/:id`: a `:name` segment is a parameter. */
  path: string;
  screen: ScreenFactory;
  /** The page title until the screen sets a better one. */
  title: string;
  /** Shown without signing in. */
  public?: boolean;
  permission?: Permission;
  /** Listed in the navigation bar (to whoever has the permission). */
  nav?: { label: string; icon: IconName };
  /**
   * The audit target type this screen shows one of, by its `:id`: an audit event about a `user`
   * links to `/console/users/<id>`.
   */
  target?: string;
}

export const SCREENS: readonly ScreenEntry[] = [
  { path: SIGN_IN, screen: signInScreen, title: 'Sign in', public: true },
  // The pages mailed links open (docs/email.md).
  { path: ACCEPT_INVITATION, screen: acceptInvitationScreen, title: 'Accept your invitation', public: true },
  { path: FORGOT_PASSWORD, screen: forgotPasswordScreen, title: 'Forgot your password?', public: true },
  { path: RESET_PASSWORD, screen: resetPasswordScreen, title: 'Reset your password', public: true },
  { path: VERIFY_EMAIL, screen: verifyEmailScreen, title: 'Confirm your email address', public: true },
  { path: CHANGE_PASSWORD, screen: changePasswordScreen, title: 'Change password' },
  {
    path: OVERVIEW,
    screen: overviewScreen,
    title: 'Overview',
    permission: 'users:read',
    nav: { label: 'Overview', icon: 'speedometer' },
  },
  {
    path: HOME,
    screen: usersScreen,
    title: 'Users',
    permission: 'users:read',
    nav: { label: 'Users', icon: 'people' },
  },
  { path: `${USERS}/:id`, screen: userScreen, title: 'User', permission: 'users:read', target: 'user' },
  {
    path: DELETED_USERS,
    screen: deletedScreen,
    title: 'Deleted users',
    permission: LIFECYCLE_PERMISSIONS.readDeleted,
  },
  {
    path: DORMANT_POLICY,
    screen: dormantScreen,
    title: 'Dormant accounts',
    permission: LIFECYCLE_PERMISSIONS.dormant,
  },
  {
    path: GROUPS,
    screen: groupsScreen,
    title: 'Groups',
    permission: 'groups:read',
    nav: { label: 'Groups', icon: 'collection' },
  },
  { path: `${GROUPS}/:id`, screen: groupScreen, title: 'Group', permission: 'groups:read', target: 'group' },
  {
    path: IMPORT,
    screen: importScreen,
    title: 'Import users',
    permission: USER_PERMISSIONS.importUsers,
    nav: { label: 'Import', icon: 'personPlus' },
  },
  {
    path: AUDIT,
    screen: auditScreen,
    title: 'Audit log',
    permission: 'audit:read',
    nav: { label: 'Audit log', icon: 'clockHistory' },
  },
  {
    path: MAIL,
    screen: outboxScreen,
    title: 'Mail',
    permission: 'mail:read-outbox',
    nav: { label: 'Mail', icon: 'envelope' },
  },
  { path: ACCOUNT, screen: accountScreen, title: 'My account' },
];

/** The page of an item of `type` with this id, from the entry that declares the type. */
export function targetPath(
  screens: readonly ScreenEntry[],
  type: string | null,
  id: string | null,
): string | null {
  const entry = type && id ? screens.find((s) => s.target === type) : undefined;
  if (!entry || !id) return null;
  return entry.path.replace(/:[^/]+/, encodeURIComponent(id));
}

/** The navigation bar's links for someone with these permissions, in the table's order. */
export function navLinks(
  screens: readonly ScreenEntry[],
  can: (permission: Permission) => boolean,
): { href: string; label: string; icon: IconName }[] {
  return screens
    .filter((s) => s.nav && (!s.permission || can(s.permission)))
    .map((s) => ({ href: s.path, label: s.nav?.label ?? s.title, icon: s.nav?.icon ?? 'people' }));
}

/** Every permission name the console asks about: the screens' and the user, group and lifecycle rules'. */
export function permissionsUsed(screens: readonly ScreenEntry[]): string[] {
  const names = [
    ...screens.map((s) => s.permission),
    ...Object.values(USER_PERMISSIONS),
    ...Object.values(GROUP_PERMISSIONS),
    ...Object.values(LIFECYCLE_PERMISSIONS),
  ];
  return [...new Set(names.filter((p): p is string => p !== undefined))].sort();
}

/**
 * The names the console asks about that the server does not list: a permission renamed on the
 * server would otherwise hide its controls without a word.
 */
export function unknownPermissions(screens: readonly ScreenEntry[], known: readonly string[]): string[] {
  return permissionsUsed(screens).filter((name) => !known.includes(name));
}
