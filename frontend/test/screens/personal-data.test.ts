import { describe, expect, it } from 'vitest';
import type { FieldErrors } from '../../src/api.ts';
import { PersonalDataController, type PersonalDataPort } from '../../src/screens/personal-data/controller.ts';
import {
  UserController,
  type UserHandlers,
  type UserSections,
  type UserView,
} from '../../src/screens/user/controller.ts';
import { UserActionsController } from '../../src/screens/user-actions/controller.ts';
import type { User } from '../../src/types.ts';
import {
  fakeContext,
  requests,
  routes,
  settle,
  user,
  type Answer,
  type FakeContext,
} from './fake-context.ts';

class FakePort implements PersonalDataPort {
  saved: { data: unknown; name: string }[] = [];
  submit: ((typed: string) => Promise<FieldErrors | null>) | null = null;

  saveJson(data: unknown, name: string): void {
    this.saved.push({ data, name });
  }
  askErasure(_user: User, submit: (typed: string) => Promise<FieldErrors | null>): void {
    this.submit = submit;
  }
}

const ADA = user({ id: 7, name: 'Ada', email: 'ada@example.com' });
const EXPORT = { exported_at: '2026-12-06T00:00:00.000Z', profile: ADA, sessions: [] };

function open(ctx: FakeContext) {
  const port = new FakePort();
  return { port, controller: new PersonalDataController(ctx, port) };
}

describe("a person's data", () => {
  it('offers export and erasure to an admin, never erasing their own account, and nothing to a manager', () => {
    const admin = open(fakeContext());
    expect(admin.controller.offered(ADA)).toEqual({ export: true, erase: true });
    expect(admin.controller.offered(user({ id: 1 }))).toEqual({ export: true, erase: false });
    expect(open(fakeContext({ role: 'manager' })).controller.offered(ADA)).toEqual({
      export: false,
      erase: false,
    });
  });

  it("downloads a user's export as a JSON file named for them", async () => {
    const ctx = fakeContext({ handler: routes({ 'GET /api/v1/users/7/export': () => ({ data: EXPORT }) }) });
    const { port, controller } = open(ctx);
    await controller.exportUser(ADA);
    expect(port.saved).toHaveLength(1);
    expect(port.saved[0]?.data).toEqual(EXPORT);
    expect(port.saved[0]?.name).toMatch(/^user-7-data-\d{4}-\d\d-\d\d\.json$/);
    expect(ctx.notes.at(-1)).toMatchObject({ message: "Downloaded Ada's data.", kind: 'success' });
  });

  it('downloads my own data from My account', async () => {
    const ctx = fakeContext({ handler: routes({ 'GET /api/v1/auth/me/export': () => ({ data: EXPORT }) }) });
    const { port, controller } = open(ctx);
    await controller.exportMine();
    expect(requests(ctx)).toEqual(['GET /api/v1/auth/me/export']);
    expect(port.saved[0]?.name).toMatch(/^my-data-\d{4}-\d\d-\d\d\.json$/);
  });

  it('says why an export failed', async () => {
    const ctx = fakeContext({
      handler: routes({ 'GET /api/v1/users/7/export': () => ({ status: 403, message: 'Not allowed' }) }),
    });
    const { port, controller } = open(ctx);
    await controller.exportUser(ADA);
    expect(port.saved).toEqual([]);
    expect(ctx.notes.at(-1)).toEqual({ message: 'Not allowed', kind: 'danger' });
  });

  it('erases only once the e-mail is typed again, and sends it as the confirmation', async () => {
    const bodies: unknown[] = [];
    const ctx = fakeContext({
      handler: routes({
        'POST /api/v1/users/7/erase': (r) => {
          bodies.push(r.body);
          return { data: null, message: 'User erased' };
        },
      }),
    });
    const { port, controller } = open(ctx);
    let erased = 0;
    controller.erase(ADA, () => erased++);
    expect(await port.submit!('ada@example.org')).toEqual({
      confirm: ['Type ada@example.com exactly, to show this is the user you mean.'],
    });
    expect(requests(ctx)).toEqual([]);
    expect(await port.submit!(' ADA@example.com ')).toBeNull();
    expect(bodies).toEqual([{ confirm: 'ADA@example.com' }]);
    expect(erased).toBe(1);
    expect(ctx.notes.at(-1)?.message).toMatch(/^Erased Ada/);
  });

  it("shows the server's refusals: under the field, or as the dialog's error", async () => {
    let answer: Answer = {
      status: 422,
      message: 'Invalid',
      errors: { confirm: ["must be the user's email, typed again"] },
    };
    const ctx = fakeContext({ handler: routes({ 'POST /api/v1/users/7/erase': () => answer }) });
    const { port, controller } = open(ctx);
    controller.erase(ADA, () => undefined);
    expect(await port.submit!('ada@example.com')).toEqual({
      confirm: ["must be the user's email, typed again"],
    });
    answer = { status: 409, message: 'The last active admin cannot be erased', errors: {} };
    await expect(port.submit!('ada@example.com')).rejects.toThrow(/last active admin/);
  });
});

describe("a person's data on the user's page", () => {
  it('is offered beside the profile and acts on the user shown', async () => {
    const ctx = fakeContext({
      handler: routes({
        'GET /api/v1/users/7': () => ({ data: ADA }),
        'GET /api/v1/users/7/credentials': () => ({
          data: { has_password: true, locked_until: null, lockout_store: 'memory' },
        }),
        'GET /api/v1/users/7/export': () => ({ data: EXPORT }),
      }),
    });
    const port = new FakePort();
    let handlers!: UserHandlers;
    let sections: UserSections | null = null;
    const view: UserView = {
      bind: (h) => (handlers = h),
      showUser: (_u, _c, _a, s) => (sections = s),
      showLoading: () => undefined,
      showError: () => undefined,
      showSessions: () => undefined,
      showGroups: () => undefined,
      showActivity: () => undefined,
    };
    const actions = new UserActionsController(ctx, {
      confirm: () => undefined,
      editUser: () => undefined,
      invite: () => undefined,
      setPassword: () => undefined,
    });
    await new UserController(ctx, view, actions, 7, new PersonalDataController(ctx, port)).start();
    expect(sections!.personalData).toEqual({ export: true, erase: true });
    handlers.exportData();
    await settle();
    expect(port.saved.map((s) => s.data)).toEqual([EXPORT]);
    handlers.erase();
    expect(port.submit).not.toBeNull();
  });
});
