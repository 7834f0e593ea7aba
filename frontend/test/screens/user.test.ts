import { describe, expect, it } from 'vitest';
import type { Section } from '../../src/screens/section.ts';
import {
  UserActionsController,
  type UserActionKey,
  type UserDialogs,
} from '../../src/screens/user-actions/controller.ts';
import {
  UserController,
  type Activity,
  type UserHandlers,
  type UserSections,
  type UserView,
} from '../../src/screens/user/controller.ts';
import type { Credentials, Group, Page, Session, User } from '../../src/types.ts';
import {
  fakeContext,
  requests,
  routes,
  settle,
  user,
  type FakeContext,
  type Handler,
} from './fake-context.ts';

class FakeUserView implements UserView {
  handlers!: UserHandlers;
  shown: string[] = [];
  actions: UserActionKey[] = [];
  sections: UserSections | null = null;
  sessions: Section<Session[]> | null = null;
  groups: Section<Page<Group>> | null = null;
  activity: Section<Activity> | null = null;
  error: unknown = null;

  bind(handlers: UserHandlers): void {
    this.handlers = handlers;
  }
  showLoading(): void {
    this.shown.push('loading');
  }
  showError(error: unknown): void {
    this.shown.push('error');
    this.error = error;
  }
  credentials: Credentials | null = null;
  showUser(
    shown: User,
    credentials: Credentials | null,
    actions: UserActionKey[],
    sections: UserSections,
  ): void {
    this.shown.push(`user ${shown.name}`);
    this.credentials = credentials;
    this.actions = actions;
    this.sections = sections;
  }
  showSessions(state: Section<Session[]>): void {
    this.sessions = state;
  }
  showActivity(state: Section<Activity>): void {
    this.activity = state;
  }
  showGroups(state: Section<Page<Group>>): void {
    this.groups = state;
  }
}

const ADA = user({ id: 7 });
const UNLOCKED: Credentials = { has_password: true, locked_until: null, lockout_store: 'memory' };
const EVENT = {
  id: 1,
  occurred_at: '2026-01-02T00:00:00.000Z',
  actor_id: 1,
  actor_email: 'grace@example.com',
  action: 'user.updated',
  target_type: 'user',
  target_id: '7',
  changes: { name: ['Ada', 'Ada Lovelace'] },
  ip: null,
  user_agent: null,
  request_id: null,
};

const EDITORS: Group = {
  id: 3,
  name: 'Editors',
  description: null,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  version: 1,
};

const server = (over: Record<string, Handler> = {}) =>
  routes({
    'GET /api/v1/users/7': () => ({ data: ADA }),
    'GET /api/v1/groups': () => ({ data: [EDITORS], meta: { page: 1, per_page: 100, total: 1, pages: 1 } }),
    'GET /api/v1/users/7/sessions': () => ({ data: [] }),
    'GET /api/v1/users/7/credentials': () => ({ data: UNLOCKED }),
    'GET /api/v1/audit-events': () => ({
      data: [EVENT],
      meta: { page: 1, per_page: 10, total: 1, pages: 1 },
    }),
    ...over,
  });

function open(ctx: FakeContext, id = 7, dialogs: Partial<UserDialogs> = {}) {
  const view = new FakeUserView();
  const all: UserDialogs = {
    confirm: () => {},
    editUser: () => {},
    invite: () => {},
    setPassword: () => {},
    ...dialogs,
  };
  const controller = new UserController(ctx, view, new UserActionsController(ctx, all), id);
  return { view, controller, started: controller.start() };
}

describe("a user's page", () => {
  it('asks for the recent activity by target type and id, so another type with the same id is left out', async () => {
    const ctx = fakeContext({ handler: server() });
    const { view, started } = open(ctx);
    await started;
    await settle();
    expect(requests(ctx)).toEqual([
      'GET /api/v1/users/7',
      'GET /api/v1/users/7/credentials',
      'GET /api/v1/groups?member=7&page=1&per_page=100',
      'GET /api/v1/users/7/sessions',
      'GET /api/v1/audit/actions',
      'GET /api/v1/audit-events?target_type=user&target_id=7&per_page=10',
    ]);
    expect(view.activity).toMatchObject({
      value: { events: [EVENT], allHref: '/console/audit?target_type=user&target_id=7' },
    });
    expect(ctx.titles).toEqual(['Ada Lovelace']);
  });

  it('shows a viewer the profile and groups only: no actions, no sessions, no activity, and asks for none', async () => {
    const ctx = fakeContext({ handler: server(), role: 'viewer' });
    const { view, started } = open(ctx);
    await started;
    await settle();
    expect(view.sections).toEqual({
      sessions: false,
      activity: false,
      groups: true,
      personalData: { export: false, erase: false },
    });
    expect(view.actions).toEqual([]);
    expect(requests(ctx)).toEqual(['GET /api/v1/users/7', 'GET /api/v1/groups?member=7&page=1&per_page=100']);
  });

  it("lists the user's groups, read by member; without groups:read it asks for none", async () => {
    const ctx = fakeContext({ handler: server() });
    const { view, started } = open(ctx);
    await started;
    await settle();
    expect(view.groups).toMatchObject({ value: { items: [EDITORS] } });

    const noGroups = fakeContext({ handler: server(), role: 'viewer' });
    noGroups.session.set({ user: user({ id: 1 }), permissions: ['users:read'] });
    const other = open(noGroups);
    await other.started;
    await settle();
    expect(other.view.sections).toMatchObject({ groups: false });
    expect(other.view.groups).toBeNull();
    expect(requests(noGroups)).toEqual(['GET /api/v1/users/7']);
  });

  it('keeps the rest on screen when one section fails, and retries that section alone', async () => {
    let sessionCalls = 0;
    const ctx = fakeContext({
      handler: server({
        'GET /api/v1/users/7/sessions': () =>
          ++sessionCalls === 1 ? { status: 500, message: 'Broken' } : { data: [] },
      }),
    });
    const { view, started } = open(ctx);
    await started;
    await settle();
    expect(view.sessions).toMatchObject({ error: { status: 500 } });
    expect(view.activity).toHaveProperty('value');
    expect(view.shown).toEqual(['loading', 'user Ada Lovelace']);
    view.handlers.retrySessions();
    await settle();
    expect(view.sessions).toEqual({ value: [] });
    // The sessions again, and nothing else: the user was read once.
    expect(requests(ctx).filter((r) => r === 'GET /api/v1/users/7/sessions')).toHaveLength(2);
    expect(requests(ctx).filter((r) => r === 'GET /api/v1/users/7')).toHaveLength(1);
  });

  it('leaves for the users list once the user is deleted', async () => {
    const ctx = fakeContext({
      handler: server({ 'DELETE /api/v1/users/7': () => ({ status: 204 }) }),
    });
    const { view, started } = open(ctx, 7, { confirm: (_q, _u, run) => void run() });
    await started;
    view.handlers.act('delete');
    await settle();
    expect(ctx.went).toEqual(['/console/users']);
  });

  it('says there is no such user for an id that is not one, without asking the server', async () => {
    const ctx = fakeContext({ handler: server() });
    const { view, started } = open(ctx, Number('abc'));
    await started;
    expect(view.error).toMatchObject({ status: 404 });
    expect(requests(ctx)).toEqual([]);
  });

  it('ends one of their sessions and shows the sessions again without it', async () => {
    const phone = {
      id: 'a'.repeat(32),
      created_at: EVENT.occurred_at,
      last_used_at: null,
      ip: null,
      user_agent: null,
    };
    const laptop = { ...phone, id: 'b'.repeat(32) };
    let live = [phone, laptop];
    const ctx = fakeContext({
      handler: server({
        'GET /api/v1/users/7/sessions': () => ({ data: live }),
        [`DELETE /api/v1/users/7/sessions/${phone.id}`]: () => {
          if (!live.includes(phone)) return { status: 404, message: 'Session not found' };
          live = [laptop];
          return { message: 'Session ended' };
        },
      }),
    });
    const { view, started } = open(ctx);
    await started;
    await settle();
    await view.handlers.endSession(phone);
    expect(requests(ctx).slice(-2)).toEqual([
      `DELETE /api/v1/users/7/sessions/${phone.id}`,
      'GET /api/v1/users/7/sessions',
    ]);
    expect(view.sessions).toEqual({ value: [laptop] });
    expect(ctx.notes).toEqual([{ message: 'Session ended.', kind: 'success' }]);

    // A session already gone: said so, and the list stays as it was.
    await view.handlers.endSession(phone);
    expect(ctx.notes.at(-1)).toMatchObject({ kind: 'danger' });
  });

  it('offers Clear lockout only while one holds, and shows the user again once it is cleared', async () => {
    let credentials: Credentials = { ...UNLOCKED, locked_until: '2026-01-01T00:05:00.000Z' };
    const ctx = fakeContext({
      handler: server({
        'GET /api/v1/users/7/credentials': () => ({ data: credentials }),
        'DELETE /api/v1/users/7/lockout': () => {
          credentials = UNLOCKED;
          return { message: 'Lockout cleared' };
        },
      }),
    });
    const { view, started } = open(ctx);
    await started;
    expect(view.credentials?.locked_until).toBe('2026-01-01T00:05:00.000Z');
    expect(view.actions).toContain('clearLockout');
    view.handlers.act('clearLockout');
    await settle();
    await settle();
    expect(view.credentials).toEqual(UNLOCKED);
    expect(view.actions).not.toContain('clearLockout');
    expect(ctx.notes).toEqual([{ message: 'Ada Lovelace can sign in again.', kind: 'success' }]);
  });

  it('asks a manager for no credentials: they may not set passwords', async () => {
    const ctx = fakeContext({ handler: server(), role: 'manager' });
    const { view, started } = open(ctx);
    await started;
    expect(view.credentials).toBeNull();
    expect(requests(ctx)).not.toContain('GET /api/v1/users/7/credentials');
  });
});
