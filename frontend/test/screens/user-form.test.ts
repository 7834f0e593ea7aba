import { describe, expect, it } from 'vitest';
import {
  UserFormController,
  userFormSpec,
  type UserFormHandlers,
  type UserFormView,
} from '../../src/screens/user-form/controller.ts';
import type { RebasedEdit } from '../../src/rules/user-rules.ts';
import type { User } from '../../src/types.ts';
import { SETTINGS } from '../support/settings.ts';
import {
  FakeForm,
  fakeContext,
  requests,
  routes,
  user,
  type FakeContext,
  type Handler,
} from './fake-context.ts';

class FakeUserForm extends FakeForm implements UserFormView {
  handlers!: UserFormHandlers;
  conflict: RebasedEdit | null = null;
  closed = false;

  bind(handlers: UserFormHandlers): void {
    this.handlers = handlers;
  }
  showConflict(edit: RebasedEdit): void {
    this.conflict = edit;
  }
  close(): void {
    this.closed = true;
  }
}

const ADA = user({ id: 7, version: 3 });
const NEW = { name: 'Grace Hopper', email: 'grace.hopper@example.com', role: 'viewer', status: 'active' };

function open(ctx: FakeContext, editing?: User) {
  const view = new FakeUserForm();
  const saved: User[] = [];
  const controller = new UserFormController(ctx, view, userFormSpec(ctx, editing), (u) => saved.push(u));
  return { view, saved, controller };
}

const server = (table: Record<string, Handler>) => fakeContext({ handler: routes(table) });

describe('the create and edit dialog', () => {
  it('offers the roles one may give, highest first; no status for oneself; a password only when creating', () => {
    const manager = fakeContext({ role: 'manager' });
    expect(userFormSpec(manager, undefined)).toMatchObject({
      roles: ['manager', 'viewer'],
      statuses: SETTINGS.statuses,
      password: { max_length: 128 },
      title: 'New user',
    });
    const admin = fakeContext();
    const self = admin.session.user ?? ADA;
    expect(userFormSpec(admin, self)).toMatchObject({
      statuses: null,
      password: null,
      title: `Edit ${self.name}`,
    });
  });

  it('sends nothing while a field is wrong, and checks marked fields again as they are typed', async () => {
    const ctx = server({});
    const { view, controller } = open(ctx);
    await controller.submit({ ...NEW, name: ' ', email: 'nope' });
    expect(Object.keys(view.errors)).toEqual(['name', 'email']);
    view.handlers.edited({ ...NEW, email: 'nope' });
    expect(Object.keys(view.errors)).toEqual(['email']);
    view.handlers.edited(NEW);
    expect(view.errors).toEqual({});
    expect(requests(ctx)).toEqual([]);
  });

  it('creates, closes, says so and hands over what the server saved', async () => {
    const ctx = server({
      'POST /api/v1/users': (r) => ({ status: 201, data: { ...ADA, ...(r.body as object) } }),
    });
    const { view, saved, controller } = open(ctx);
    await controller.submit(NEW);
    expect(ctx.seen[0]?.body).toEqual(NEW);
    expect(view.closed).toBe(true);
    // The toast links to the new user, who may sort far from the list's page.
    expect(ctx.notes).toEqual([
      {
        message: 'Created Grace Hopper.',
        kind: 'success',
        link: { href: '/console/users/7', label: "Open Grace Hopper's page" },
      },
    ]);
    expect(saved.map((u) => u.email)).toEqual([NEW.email]);
  });

  it('edits only what changed, at the version it showed; with nothing changed it just closes', async () => {
    const ctx = server({
      'PATCH /api/v1/users/7': () => ({ data: { ...ADA, role: 'manager', version: 4 } }),
    });
    const first = open(ctx, ADA);
    await first.controller.submit({ name: ' Ada Lovelace ', email: 'ADA@example.com', role: 'viewer' });
    expect(first.view.closed).toBe(true);
    expect(requests(ctx)).toEqual([]);

    const second = open(ctx, ADA);
    await second.controller.submit({ name: 'Ada Lovelace', email: 'ada@example.com', role: 'manager' });
    expect(ctx.seen[0]).toMatchObject({ body: { role: 'manager' }, headers: { 'If-Match': '"3"' } });
  });

  it('when someone else saved first, keeps what was typed, takes what only they changed, and saves at their version', async () => {
    // They renamed her and changed her address; this dialog renamed her too and made her a manager.
    const latest = { ...ADA, name: 'Ada King', email: 'ada.king@example.com', version: 4 };
    const ctx = server({
      'PATCH /api/v1/users/7': (r) =>
        r.headers['If-Match'] === '"3"'
          ? { status: 412, message: 'Changed elsewhere' }
          : { data: { ...latest, ...(r.body as object), version: 5 } },
      'GET /api/v1/users/7': () => ({ data: latest }),
    });
    const { view, controller } = open(ctx, ADA);
    const typed = { name: 'Ada B.', email: ADA.email, role: 'manager', status: 'active' };
    await controller.submit(typed);
    expect(view.closed).toBe(false);
    expect(view.conflict).toEqual({
      values: { ...typed, email: 'ada.king@example.com' },
      taken: [{ field: 'email', theirs: 'ada.king@example.com' }],
      conflicts: [{ field: 'name', theirs: 'Ada King', yours: 'Ada B.' }],
    });
    expect(view.problem).toBeNull();

    // Saving what the form now holds sends only what differs from their version, at it.
    await controller.submit(view.conflict!.values);
    expect(ctx.seen.at(-1)).toMatchObject({
      method: 'PATCH',
      headers: { 'If-Match': '"4"' },
      body: { name: 'Ada B.', role: 'manager' },
    });
    expect(view.closed).toBe(true);
  });

  it('says so when the user is gone by the time their latest version is read', async () => {
    const ctx = server({
      'PATCH /api/v1/users/7': () => ({ status: 412, message: 'Changed elsewhere' }),
      'GET /api/v1/users/7': () => ({ status: 404, message: 'User not found' }),
    });
    const { view, controller } = open(ctx, ADA);
    await controller.submit({ name: 'Ada B.', email: ADA.email, role: 'viewer' });
    expect(view.conflict).toBeNull();
    expect(view.problem).toEqual({ text: 'User not found', kind: 'danger' });
  });

  it("puts the server's refusals under the fields: a taken e-mail, and a 422's field errors", async () => {
    const ctx = server({
      'POST /api/v1/users': (r) =>
        (r.body as { name: string }).name === 'Taken'
          ? { status: 409, message: 'A user with this email already exists' }
          : {
              status: 422,
              message: 'Invalid input',
              errors: { name: ['is reserved'], tenant: ['is required'] },
            },
    });
    const { view, controller } = open(ctx);
    await controller.submit({ ...NEW, name: 'Taken' });
    expect(view.errors).toEqual({ email: ['A user with this email already exists'] });
    await controller.submit({ ...NEW, name: 'Reserved' });
    expect(view.errors).toEqual({ name: ['is reserved'], tenant: ['is required'] });
    expect(view.message).toBe('Invalid input');
  });
});
