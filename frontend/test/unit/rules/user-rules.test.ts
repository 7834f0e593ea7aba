import { describe, expect, it } from 'vitest';
import type { Permission, User } from '../../../src/types.ts';
import { SETTINGS } from '../../support/settings.ts';
import {
  assignableRoles,
  changedFields,
  emailProblem,
  nameProblem,
  passwordProblem,
  rebaseEdit,
  userActions,
  validateUserInput,
} from '../../../src/rules/user-rules.ts';

const user = (over: Partial<User> = {}): User => ({
  id: 7,
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  role: 'viewer',
  status: 'active',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  last_login_at: null,
  version: 3,
  ...over,
});

const ROLE_PERMISSIONS: Record<string, Permission[]> = {
  viewer: ['users:read'],
  manager: ['users:read', 'users:create', 'users:update'],
  admin: [
    'users:read',
    'users:create',
    'users:update',
    'users:delete',
    'users:manage-admins',
    'users:set-password',
    'sessions:revoke',
    'audit:read',
  ],
};
const as = (role: string) => (p: Permission) => ROLE_PERMISSIONS[role]?.includes(p) ?? false;

const POLICY = SETTINGS.password_policy;

describe('the checks made before sending a user', () => {
  it('checks names as the server does: trimmed, 1 to 100 characters, no control characters', () => {
    expect(nameProblem('  ')).toMatch(/Enter a name/);
    expect(nameProblem('x'.repeat(101))).toMatch(/at most 100/);
    expect(nameProblem(`  ${'é'.repeat(100)}  `)).toBeNull();
    expect(nameProblem('Ada\tLovelace')).toMatch(/control characters/);
    expect(nameProblem('<img src=x onerror=alert(1)>')).toBeNull();
  });

  it('accepts the e-mail addresses browsers accept, admin@localhost included', () => {
    expect(emailProblem(' Ada@Example.com ')).toBeNull();
    expect(emailProblem('admin@localhost')).toBeNull();
    expect(emailProblem('ada@')).toMatch(/such as/);
    expect(emailProblem('ada lovelace@example.com')).toMatch(/such as/);
    expect(emailProblem('')).toMatch(/Enter an e-mail/);
    expect(emailProblem(`${'a'.repeat(250)}@x.io`)).toMatch(/at most 254/);
  });

  it('applies the password policy: 12 to 128 characters, not built from the e-mail', () => {
    expect(passwordProblem('short', POLICY)).toMatch(/at least 12/);
    expect(passwordProblem('x'.repeat(129), POLICY)).toMatch(/at most 128/);
    expect(passwordProblem('correct horse battery', POLICY, 'ada@example.com')).toBeNull();
    expect(passwordProblem('my-ADA-password-2026', POLICY, 'ada@example.com')).toBeNull(); // "ada" is under 4 letters
    expect(passwordProblem('lovelace-forever-1815', POLICY, 'Lovelace@example.com')).toMatch(/e-mail/);
  });

  it("takes the lengths from the server's policy, not from a copy", () => {
    const longer = { min_length: 20, max_length: 64 };
    expect(passwordProblem('correct horse battery', longer)).toBeNull();
    expect(passwordProblem('correct horse', longer)).toBe('Use at least 20 characters.');
    expect(passwordProblem('x y '.repeat(17), longer)).toBe('Use at most 64 characters.');
    // A piece repeated counts as short against the server's minimum.
    expect(passwordProblem('fourteen chars'.repeat(2), longer)).toMatch(/repeat/);
    expect(passwordProblem('fourteen chars'.repeat(2), POLICY)).toBeNull();
  });

  // The trivial passwords that the console can tell without the server's list.
  it.each([
    ['twelve spaces', ' '.repeat(12), /repeat/],
    ['one letter repeated', 'aaaaaaaaaaaa', /repeat/],
    ['a short sequence repeated with spaces between', 'ab ab ab ab ab ab', /repeat/],
    ['eleven characters and a NUL', 'abcdefghijk\u0000', /invisible or control/],
    ['a zero-width space', 'password1234\u200b', /invisible or control/],
    ['a tab', 'correct\thorse battery', /invisible or control/],
    ['eleven characters typed with combining accents', 'résumé défi'.normalize('NFD'), /at least 12/],
  ])('refuses %s, as the server does', (_case, password, rule) => {
    expect(passwordProblem(password, POLICY)).toMatch(rule);
  });

  it('accepts what the server accepts: passphrases, other scripts, fullwidth letters', () => {
    expect(passwordProblem('correct horse battery staple', POLICY)).toBeNull();
    expect(passwordProblem('abcdefghijklabcdefghijkl', POLICY)).toBeNull();
    expect(passwordProblem('пароль для входа', POLICY)).toBeNull();
    expect(passwordProblem('ｃｏｒｒｅｃｔ ｈｏｒｓｅ ４２', POLICY)).toBeNull();
  });

  it('reports every problem by field, in the API shape', () => {
    expect(
      validateUserInput({ name: '', email: 'nope', role: 'viewer', password: 'short' }, true, SETTINGS),
    ).toEqual({
      name: ['Enter a name.'],
      email: ['Enter an e-mail address such as ada@example.com.'],
      password: ['Use at least 12 characters.'],
    });
    expect(validateUserInput({}, true, SETTINGS)).toHaveProperty('name');
    expect(validateUserInput({}, false, SETTINGS)).toEqual({});
  });

  it('accepts the roles and statuses the settings list, and only those', () => {
    expect(validateUserInput({ role: 'owner', status: 'archived' }, false, SETTINGS)).toEqual({
      role: ['Choose a role.'],
      status: ['Choose a status.'],
    });
    const more = {
      ...SETTINGS,
      roles: [...SETTINGS.roles, 'owner'],
      statuses: [...SETTINGS.statuses, 'archived'],
    };
    expect(validateUserInput({ role: 'owner', status: 'archived' }, false, more)).toEqual({});
  });

  it('sends only the fields that changed', () => {
    const before = user();
    expect(
      changedFields(before, {
        name: ' Ada Lovelace ',
        email: 'ADA@example.com',
        role: 'viewer',
        status: 'active',
      }),
    ).toEqual({});
    expect(changedFields(before, { name: 'Ada King', email: 'ada@example.com', role: 'manager' })).toEqual({
      name: 'Ada King',
      role: 'manager',
    });
  });
});

describe('which controls a role sees', () => {
  it('lets only admins give the admin role', () => {
    expect(assignableRoles(SETTINGS.roles, as('admin'))).toEqual(['admin', 'manager', 'viewer']);
    expect(assignableRoles(SETTINGS.roles, as('manager'))).toEqual(['manager', 'viewer']);
    // A role the server adds shows up in its place, highest first.
    const roles = ['guest', ...SETTINGS.roles];
    expect(assignableRoles(roles, as('manager'))).toEqual(['manager', 'viewer', 'guest']);
  });

  it('shows a viewer nothing that changes a user', () => {
    const actions = userActions(as('viewer'), 1, user());
    expect(Object.values(actions).some(Boolean)).toBe(false);
  });

  it('lets a manager edit and disable viewers and managers, but not admins, and never delete', () => {
    expect(userActions(as('manager'), 1, user())).toMatchObject({
      edit: true,
      disable: true,
      delete: false,
      setPassword: false,
    });
    expect(userActions(as('manager'), 1, user({ role: 'admin' }))).toMatchObject({
      edit: false,
      disable: false,
    });
    expect(userActions(as('manager'), 1, user({ status: 'disabled' }))).toMatchObject({
      disable: false,
      enable: true,
    });
  });

  it('gives an admin everything, except disabling or deleting their own account', () => {
    const locked = {
      has_password: true,
      locked_until: '2026-01-01T00:05:00.000Z',
      lockout_store: 'memory',
    } as const;
    expect(userActions(as('admin'), 1, user({ role: 'admin' }), locked)).toEqual({
      edit: true,
      disable: true,
      enable: false,
      delete: true,
      setPassword: true,
      endSessions: true,
      clearLockout: true,
      resendInvitation: false,
      revokeInvitation: false,
      sendVerification: false,
      viewSessions: true,
      viewAudit: true,
    });
    expect(userActions(as('admin'), 7, user())).toMatchObject({
      edit: true,
      disable: false,
      delete: false,
      endSessions: false,
    });
  });

  it('offers the invitation only for an invitee, and mail-sending actions only while mail is on', () => {
    const invitee = user({ status: 'invited', email_verified_at: null });
    expect(userActions(as('manager'), 1, invitee, null, true)).toMatchObject({
      resendInvitation: true,
      revokeInvitation: true,
      sendVerification: false, // accepting the invitation verifies the address
    });
    expect(userActions(as('manager'), 1, invitee, null, false)).toMatchObject({
      resendInvitation: false,
      revokeInvitation: true, // withdrawing sends nothing
    });
    // A manager may not touch an invited admin; a viewer may not invite at all.
    const admin = { ...invitee, role: 'admin' };
    expect(userActions(as('manager'), 1, admin, null, true).revokeInvitation).toBe(false);
    expect(userActions(as('admin'), 1, admin, null, true).revokeInvitation).toBe(true);
    expect(userActions(as('viewer'), 1, invitee, null, true).revokeInvitation).toBe(false);

    const unverified = user({ email_verified_at: null });
    expect(userActions(as('manager'), 1, unverified, null, true).sendVerification).toBe(true);
    expect(userActions(as('manager'), 1, unverified, null, false).sendVerification).toBe(false);
    expect(
      userActions(as('manager'), 1, user({ email_verified_at: '2026-01-02T00:00:00.000Z' }), null, true),
    ).toMatchObject({ sendVerification: false, resendInvitation: false, revokeInvitation: false });
    // A server that does not say (no email_verified_at) is not asked to send one.
    expect(userActions(as('admin'), 1, user(), null, true).sendVerification).toBe(false);
  });

  it('offers Clear lockout only while a lockout holds', () => {
    const unlocked = { has_password: true, locked_until: null, lockout_store: 'redis' } as const;
    expect(userActions(as('admin'), 1, user()).clearLockout).toBe(false);
    expect(userActions(as('admin'), 1, user(), unlocked).clearLockout).toBe(false);
    const locked = { ...unlocked, locked_until: '2026-01-01T00:05:00.000Z' };
    expect(userActions(as('admin'), 1, user(), locked).clearLockout).toBe(true);
    expect(userActions(as('manager'), 1, user(), locked).clearLockout).toBe(false);
  });
});

describe('an edit overtaken by someone else’s save', () => {
  const base = user({ name: 'Ada Lovelace', email: 'ada@example.com', role: 'viewer', status: 'active' });
  const typed = { name: 'Ada King', email: 'ada@example.com', role: 'manager', status: 'active' };

  it('keeps what was typed where nobody else changed anything', () => {
    expect(rebaseEdit(base, { ...base, version: 4 }, typed)).toEqual({
      values: typed,
      taken: [],
      conflicts: [],
    });
  });

  it('takes their value where only they changed a field, so saving does not undo it', () => {
    const latest = { ...base, email: 'ada.king@example.com', status: 'disabled', version: 4 };
    expect(rebaseEdit(base, latest, typed)).toEqual({
      values: { ...typed, email: 'ada.king@example.com', status: 'disabled' },
      taken: [
        { field: 'email', theirs: 'ada.king@example.com' },
        { field: 'status', theirs: 'disabled' },
      ],
      conflicts: [],
    });
  });

  it('keeps what was typed where both changed a field differently, and names the conflict', () => {
    const latest = { ...base, name: 'Countess Lovelace', role: 'manager', version: 4 };
    expect(rebaseEdit(base, latest, { ...typed, name: ' Ada King ' })).toEqual({
      values: { ...typed, name: ' Ada King ' },
      taken: [],
      // Both made her a manager: no conflict there.
      conflicts: [{ field: 'name', theirs: 'Countess Lovelace', yours: ' Ada King ' }],
    });
  });

  it('reads an e-mail as the server stores it: case and spaces are no change', () => {
    const latest = { ...base, email: 'other@example.com', version: 4 };
    expect(rebaseEdit(base, latest, { ...typed, email: ' ADA@example.com ' }).taken).toEqual([
      { field: 'email', theirs: 'other@example.com' },
    ]);
  });

  it('leaves out a field the dialog does not have (no status when editing oneself)', () => {
    const latest = { ...base, status: 'disabled', version: 4 };
    const withoutStatus = { name: typed.name, email: typed.email, role: typed.role };
    expect(rebaseEdit(base, latest, withoutStatus)).toEqual({
      values: withoutStatus,
      taken: [],
      conflicts: [],
    });
  });
});
