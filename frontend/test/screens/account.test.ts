import { describe, expect, it } from 'vitest';
import {
  AccountController,
  type AccountHandlers,
  type AccountView,
} from '../../src/screens/account/controller.ts';
import { PersonalDataController } from '../../src/screens/personal-data/controller.ts';
import type { Section } from '../../src/screens/section.ts';
import type { Session } from '../../src/types.ts';
import {
  FakeForm,
  fakeContext,
  requests,
  routes,
  settle,
  type FakeContext,
  type Handler,
} from './fake-context.ts';

class FakePasswordForm extends FakeForm {
  resets = 0;
  reset(): void {
    this.resets++;
  }
}

class FakeAccountView implements AccountView {
  handlers!: AccountHandlers;
  readonly profile = new FakeForm();
  readonly password = new FakePasswordForm();
  sessions: Section<Session[]>[] = [];

  bind(handlers: AccountHandlers): void {
    this.handlers = handlers;
  }
  showSessions(state: Section<Session[]>): void {
    this.sessions.push(state);
  }
}

const MINE: Session[] = [
  {
    id: 'a',
    created_at: '2026-01-01T00:00:00Z',
    last_used_at: null,
    ip: null,
    user_agent: null,
    current: true,
  },
  { id: 'b', created_at: '2026-01-01T00:00:00Z', last_used_at: null, ip: null, user_agent: null },
];

function open(table: Record<string, Handler>): {
  ctx: FakeContext;
  view: FakeAccountView;
  saved: string[];
  started: Promise<void>;
} {
  const ctx = fakeContext({
    handler: routes({ 'GET /api/v1/auth/sessions': () => ({ data: MINE }), ...table }),
  });
  const view = new FakeAccountView();
  const saved: string[] = [];
  const personal = new PersonalDataController(ctx, {
    saveJson: (_data, name) => saved.push(name),
    askErasure: () => undefined,
  });
  return { ctx, view, saved, started: new AccountController(ctx, view, personal).start() };
}

describe('my account', () => {
  it('downloads my data as a JSON file', async () => {
    const { ctx, view, saved, started } = open({
      'GET /api/v1/auth/me/export': () => ({
        data: { exported_at: '2026-12-06T00:00:00.000Z', profile: {} },
      }),
    });
    await started;
    view.handlers.downloadMyData();
    await settle();
    expect(requests(ctx)).toContain('GET /api/v1/auth/me/export');
    expect(saved).toEqual([expect.stringMatching(/^my-data-.*\.json$/)]);
  });

  it('lists my sessions, and after ending one lists them again', async () => {
    const { ctx, view, started } = open({ 'DELETE /api/v1/auth/sessions/b': () => ({ status: 204 }) });
    await started;
    expect(view.sessions).toEqual([{ loading: true }, { value: MINE }]);
    await view.handlers.endSession('b');
    expect(requests(ctx)).toEqual([
      'GET /api/v1/auth/sessions',
      'DELETE /api/v1/auth/sessions/b',
      'GET /api/v1/auth/sessions',
    ]);
    expect(ctx.notes).toEqual([{ message: 'Session ended.', kind: 'success' }]);
  });

  it('checks my new name before saving it, then saves it trimmed', async () => {
    const { ctx, view, started } = open({ 'PATCH /api/v1/auth/me': (r) => ({ data: r.body }) });
    await started;
    view.handlers.saveName('   ');
    await settle();
    expect(view.profile.errors).toEqual({ name: ['Enter a name.'] });
    view.handlers.saveName('  Grace H. ');
    await settle();
    expect(ctx.seen.at(-1)).toMatchObject({ method: 'PATCH', body: { name: 'Grace H.' } });
    expect(ctx.notes.at(-1)?.message).toBe('Name saved.');
  });

  it('changes my password: the policy and the repetition checked first, a wrong current password shown under it', async () => {
    const { ctx, view, started } = open({
      'PUT /api/v1/auth/me/password': (r) =>
        (r.body as { current_password: string }).current_password === 'right one'
          ? { status: 200, message: null }
          : { status: 422, message: 'Invalid input', errors: { current_password: ['is not your password'] } },
    });
    await started;
    view.handlers.changePassword({ current: '', next: 'a new passphrase 9', repeated: 'a new passphrase 8' });
    await settle();
    expect(view.password.errors).toEqual({
      confirm_password: ['The two passwords differ.'],
      current_password: ['Enter your current password.'],
    });
    view.handlers.changePassword({
      current: 'wrong',
      next: 'a new passphrase 9',
      repeated: 'a new passphrase 9',
    });
    await settle();
    expect(view.password.errors).toEqual({ current_password: ['is not your password'] });
    view.handlers.changePassword({
      current: 'right one',
      next: 'a new passphrase 9',
      repeated: 'a new passphrase 9',
    });
    await settle();
    expect(view.password.resets).toBe(1);
    expect(ctx.notes.at(-1)?.message).toBe('Password changed. Your other sessions have ended.');
  });
});
