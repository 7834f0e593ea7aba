import { describe, expect, it } from 'vitest';
import {
  GroupFormController,
  type GroupFormHandlers,
  type GroupFormView,
} from '../../src/screens/group-form/controller.ts';
import type { Group } from '../../src/types.ts';
import { FakeForm, fakeContext, requests, routes, type FakeContext, type Handler } from './fake-context.ts';
import { group } from './group-fixtures.ts';

class FakeGroupForm extends FakeForm implements GroupFormView {
  handlers!: GroupFormHandlers;
  conflict = false;
  reloaded: Group | null = null;
  closed = false;

  bind(handlers: GroupFormHandlers): void {
    this.handlers = handlers;
  }
  showConflict(): void {
    this.conflict = true;
  }
  showReloaded(latest: Group): void {
    this.reloaded = latest;
  }
  close(): void {
    this.closed = true;
  }
}

const EDITORS = group({ id: 3, version: 2 });

function open(ctx: FakeContext, editing?: Group) {
  const view = new FakeGroupForm();
  const saved: Group[] = [];
  const controller = new GroupFormController(ctx, view, editing, (g) => saved.push(g));
  return { view, saved, controller };
}

const server = (table: Record<string, Handler>) => fakeContext({ handler: routes(table) });

describe('the group dialog', () => {
  it('sends nothing while the name is wrong, and checks it again as it is typed', async () => {
    const ctx = server({});
    const { view, controller } = open(ctx);
    await controller.submit({ name: '  ', description: '' });
    expect(view.errors).toEqual({ name: ['Enter a name.'] });
    view.handlers.edited({ name: 'O', description: '' });
    expect(view.errors).toEqual({});
    expect(requests(ctx)).toEqual([]);
  });

  it('creates with the name trimmed and no blank description, closes, says so and hands it over', async () => {
    const ctx = server({
      'POST /api/v1/groups': (r) => ({ status: 201, data: group({ id: 9, ...(r.body as object) }) }),
    });
    const { view, saved, controller } = open(ctx);
    await controller.submit({ name: ' Ops ', description: ' ' });
    expect(ctx.seen[0]?.body).toEqual({ name: 'Ops' });
    expect(view.closed).toBe(true);
    expect(ctx.notes).toEqual([{ message: 'Created Ops.', kind: 'success' }]);
    expect(saved.map((g) => g.id)).toEqual([9]);
  });

  it('edits only what changed, at the version it showed; with nothing changed it just closes', async () => {
    const ctx = server({ 'PATCH /api/v1/groups/3': () => ({ data: { ...EDITORS, description: null } }) });
    const first = open(ctx, EDITORS);
    await first.controller.submit({ name: 'Editors ', description: 'Who may publish' });
    expect(first.view.closed).toBe(true);
    expect(requests(ctx)).toEqual([]);

    const second = open(ctx, EDITORS);
    await second.controller.submit({ name: 'Editors', description: '' });
    expect(ctx.seen[0]).toMatchObject({ body: { description: null }, headers: { 'If-Match': '"2"' } });
    expect(ctx.notes).toEqual([{ message: 'Saved Editors.', kind: 'success' }]);
  });

  it('when someone else saved first (412), says so, reloads on request, and saves at the new version', async () => {
    const latest = { ...EDITORS, name: 'Writers', version: 3 };
    const ctx = server({
      'PATCH /api/v1/groups/3': (r) =>
        r.headers['If-Match'] === '"2"'
          ? { status: 412, message: 'The group was changed by someone else; reload it and try again' }
          : { data: { ...latest, description: 'Ours' } },
      'GET /api/v1/groups/3': () => ({ data: latest }),
    });
    const { view, controller } = open(ctx, EDITORS);
    await controller.submit({ name: 'Editors', description: 'Ours' });
    expect(view.conflict).toBe(true);
    expect(view.closed).toBe(false);
    await view.handlers.reload();
    expect(view.reloaded).toEqual(latest);
    await controller.submit({ name: 'Writers', description: 'Ours' });
    expect(ctx.seen.at(-1)).toMatchObject({ body: { description: 'Ours' }, headers: { 'If-Match': '"3"' } });
    expect(view.closed).toBe(true);
  });

  it("puts a name taken in any case under the name, and a 422's field errors under theirs", async () => {
    const ctx = server({
      'POST /api/v1/groups': (r) =>
        (r.body as { name: string }).name === 'EDITORS'
          ? { status: 409, message: 'A group with this name already exists' }
          : {
              status: 422,
              message: 'Invalid input',
              errors: { description: ['must be at most 1000 characters'] },
            },
    });
    const { view, controller } = open(ctx);
    await controller.submit({ name: 'EDITORS', description: '' });
    expect(view.errors).toEqual({ name: ['A group with this name already exists'] });
    await controller.submit({ name: 'Other', description: 'long' });
    expect(view.errors).toEqual({ description: ['must be at most 1000 characters'] });
  });
});
