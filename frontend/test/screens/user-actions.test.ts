import { describe, expect, it } from 'vitest';
import type { FieldErrors } from '../../src/api.ts';
import {
  UserActionsController,
  type Question,
  type UserDialogs,
} from '../../src/screens/user-actions/controller.ts';
import type { User } from '../../src/types.ts';
import {
  fakeContext,
  requests,
  routes,
  settle,
  user,
  type FakeContext,
  type Handler,
} from './fake-context.ts';

/** Dialogs that answer yes at once and remember what they were asked. */
class YesDialogs implements UserDialogs {
  asked: Question[] = [];
  edited: (User | undefined)[] = [];
  passwordSubmit: ((password: string, repeated: string) => Promise<FieldErrors | null>) | null = null;
  failures: unknown[] = [];

  confirm(question: Question, _user: User, run: () => Promise<void>): void {
    this.asked.push(question);
    run().catch((error: unknown) => this.failures.push(error));
  }
  editUser(edited: User | undefined): void {
    this.edited.push(edited);
  }
  invite(): void {}
  setPassword(
    _user: User,
    submit: (password: string, repeated: string) => Promise<FieldErrors | null>,
  ): void {
    this.passwordSubmit = submit;
  }
}

function setUp(table: Record<string, Handler>, role = 'admin') {
  const ctx: FakeContext = fakeContext({ handler: routes(table), role });
  const dialogs = new YesDialogs();
  const outcomes: string[] = [];
  const outcome = { changed: () => outcomes.push('changed'), deleted: () => outcomes.push('deleted') };
  return { ctx, dialogs, outcomes, outcome, actions: new UserActionsController(ctx, dialogs) };
}

const ADA = user({ id: 7, version: 3 });

describe('the user actions', () => {
  it('offers each role only what it may do, and nobody the removal of their own account', () => {
    const asAdmin = setUp({}).actions;
    const locked = {
      has_password: true,
      locked_until: '2026-01-01T00:05:00.000Z',
      lockout_store: 'memory',
    } as const;
    expect(asAdmin.allowed(ADA, locked)).toEqual([
      'edit',
      'disable',
      'setPassword',
      'endSessions',
      'clearLockout',
      'delete',
    ]);
    // Nothing to clear without a lockout.
    expect(asAdmin.allowed(ADA)).not.toContain('clearLockout');
    expect(asAdmin.allowed(user({ id: 1, role: 'admin' }), locked)).toEqual(['edit', 'clearLockout']);
    expect(setUp({}, 'manager').actions.allowed(ADA)).toEqual(['edit', 'disable']);
    expect(setUp({}, 'manager').actions.allowed(user({ role: 'admin' }))).toEqual([]);
    expect(setUp({}, 'viewer').actions.allowed(ADA)).toEqual([]);
  });

  it('deletes only after the question, at the version on screen', async () => {
    const { ctx, dialogs, outcomes, outcome, actions } = setUp({
      'DELETE /api/v1/users/7': () => ({ status: 204 }),
    });
    actions.run('delete', ADA, outcome);
    await settle();
    expect(dialogs.asked).toEqual(['delete']);
    expect(ctx.seen[0]).toMatchObject({ method: 'DELETE', headers: { 'If-Match': '"3"' } });
    expect(ctx.notes).toEqual([{ message: 'Deleted Ada Lovelace.', kind: 'success' }]);
    expect(outcomes).toEqual(['deleted']);
  });

  it('disables after a question and enables without one, sending only the status', async () => {
    const { ctx, dialogs, outcomes, outcome, actions } = setUp({
      'PATCH /api/v1/users/7': (r) => ({ data: { ...ADA, ...(r.body as object) } }),
    });
    actions.run('disable', ADA, outcome);
    actions.run('enable', user({ id: 7, status: 'disabled' }), outcome);
    await settle();
    expect(dialogs.asked).toEqual(['disable']);
    expect(ctx.seen.map((r) => r.body)).toEqual([{ status: 'disabled' }, { status: 'active' }]);
    expect(outcomes).toEqual(['changed', 'changed']);
  });

  it('tells a failed enable in a toast that stays', async () => {
    const { ctx, outcomes, outcome, actions } = setUp({
      'PATCH /api/v1/users/7': () => ({ status: 412, message: 'Changed by someone else' }),
    });
    actions.run('enable', user({ id: 7, status: 'disabled' }), outcome);
    await settle();
    expect(ctx.notes).toEqual([{ message: 'Changed by someone else', kind: 'danger' }]);
    expect(outcomes).toEqual([]);
  });

  it("checks a new password against the server's policy before sending it", async () => {
    const { ctx, dialogs, actions, outcome } = setUp({
      'PUT /api/v1/users/7/password': (r) =>
        (r.body as { password: string }).password.includes('common')
          ? { status: 422, message: 'Invalid', errors: { password: ['is too common'] } }
          : { status: 200, message: 'Password set; their sessions ended.' },
    });
    actions.run('setPassword', ADA, outcome);
    const submit = dialogs.passwordSubmit;
    if (!submit) throw new Error('no set-password dialog');
    expect(await submit('short', 'short')).toEqual({ new_password: ['Use at least 12 characters.'] });
    expect(await submit('a long passphrase 1', 'a long passphrase 2')).toEqual({
      confirm_password: ['The two passwords differ.'],
    });
    expect(requests(ctx)).toEqual([]);
    expect(await submit('a common passphrase', 'a common passphrase')).toEqual({
      new_password: ['is too common'],
    });
    expect(await submit('a long passphrase 1', 'a long passphrase 1')).toBeNull();
    expect(ctx.notes.at(-1)?.message).toBe('Password set; their sessions ended.');
  });

  it('opens the form to create and to edit', () => {
    const { dialogs, actions, outcome } = setUp({});
    actions.create(() => {});
    actions.run('edit', ADA, outcome);
    expect(dialogs.edited).toEqual([undefined, ADA]);
  });
});
