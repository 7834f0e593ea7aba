import { describe, expect, it } from 'vitest';
import { GroupActionsController, type GroupDialogs } from '../../src/screens/group-actions/controller.ts';
import {
  GroupController,
  type GroupHandlers,
  type GroupSections,
  type GroupView,
  type MemberDialogs,
  type MembersListing,
} from '../../src/screens/group/controller.ts';
import type { GroupActionKey } from '../../src/rules/group-rules.ts';
import type { Section } from '../../src/screens/section.ts';
import type { Activity } from '../../src/screens/user/controller.ts';
import type { Group, GroupMember } from '../../src/types.ts';
import { fakeContext, requests, routes, settle, type FakeContext, type Handler } from './fake-context.ts';
import { group, member, pageOf } from './group-fixtures.ts';

class FakeGroupView implements GroupView {
  handlers!: GroupHandlers;
  shown: string[] = [];
  actions: GroupActionKey[] = [];
  sections: GroupSections | null = null;
  members: Section<MembersListing> | null = null;
  activity: Section<Activity> | null = null;
  error: unknown = null;

  bind(handlers: GroupHandlers): void {
    this.handlers = handlers;
  }
  showLoading(): void {
    this.shown.push('loading');
  }
  showError(error: unknown): void {
    this.shown.push('error');
    this.error = error;
  }
  showGroup(shown: Group, actions: GroupActionKey[], sections: GroupSections): void {
    this.shown.push(`group ${shown.name}`);
    this.actions = actions;
    this.sections = sections;
  }
  showMembers(state: Section<MembersListing>): void {
    this.members = state;
  }
  showActivity(state: Section<Activity>): void {
    this.activity = state;
  }
  /** The names of the members on show, or what shows instead. */
  memberNames(): string {
    const state = this.members;
    if (!state) return 'nothing';
    if ('loading' in state) return 'loading';
    if ('error' in state) return 'error';
    return state.value.page.items.map((m) => m.name).join(', ');
  }
}

/** Dialogs that answer at once: yes to every question, a member added on asking. */
class AnsweringDialogs implements GroupDialogs, MemberDialogs {
  asked: string[] = [];
  failures: unknown[] = [];

  confirmDelete(_group: Group, run: () => Promise<void>): void {
    this.asked.push('delete');
    run().catch((error: unknown) => this.failures.push(error));
  }
  editGroup(_group: Group | undefined, saved: (group: Group) => void): void {
    this.asked.push('edit');
    saved(group({ name: 'Writers', version: 3 }));
  }
  addMember(_group: Group, added: () => void): void {
    this.asked.push('add');
    added();
  }
  confirmRemove(_group: Group, removed: GroupMember, run: () => Promise<void>): void {
    this.asked.push(`remove ${removed.name}`);
    run().catch((error: unknown) => this.failures.push(error));
  }
}

const EDITORS = group();
const ADA = member({ id: 7, name: 'Ada Lovelace' });
const ALAN = member({ id: 8, name: 'Alan Turing', email: 'alan@example.com' });
const EVENT = {
  id: 1,
  occurred_at: '2026-01-02T00:00:00.000Z',
  actor_id: 1,
  actor_email: 'grace@example.com',
  action: 'group.updated',
  target_type: 'group',
  target_id: '3',
  changes: { name: ['Authors', 'Editors'] },
  ip: null,
  user_agent: null,
  request_id: null,
};

const server = (over: Record<string, Handler> = {}) =>
  routes({
    'GET /api/v1/groups/3': () => ({ data: EDITORS }),
    'GET /api/v1/groups/3/members': () => pageOf([ADA, ALAN], { pages: 3 }),
    'GET /api/v1/audit-events': () => pageOf([EVENT]),
    ...over,
  });

function open(ctx: FakeContext, id = 3, search = '') {
  const view = new FakeGroupView();
  const dialogs = new AnsweringDialogs();
  const actions = new GroupActionsController(ctx, dialogs);
  const controller = new GroupController(ctx, view, actions, dialogs, id, new URLSearchParams(search));
  return { view, controller, dialogs, started: controller.start() };
}

describe("a group's page", () => {
  it('shows the group, its members a page at a time, and the latest events about it by type and id', async () => {
    const ctx = fakeContext({ handler: server() });
    const { view, started } = open(ctx, 3, '?page=2');
    await started;
    await settle();
    expect(requests(ctx)).toEqual([
      'GET /api/v1/groups/3',
      'GET /api/v1/groups/3/members?page=2&per_page=20',
      'GET /api/v1/audit/actions',
      'GET /api/v1/audit-events?target_type=group&target_id=3&per_page=10',
    ]);
    expect(view.shown).toEqual(['loading', 'group Editors']);
    expect(ctx.titles).toEqual(['Editors']);
    expect(view.memberNames()).toBe('Ada Lovelace, Alan Turing');
    expect(view.members).toMatchObject({ value: { mayRemove: true } });
    if (view.members && 'value' in view.members) {
      expect(view.members.value.pageHref(3)).toBe('/console/groups/3?page=3');
      expect(view.members.value.pageHref(1)).toBe('/console/groups/3');
    }
    expect(view.activity).toMatchObject({
      value: { events: [EVENT], allHref: '/console/audit?target_type=group&target_id=3' },
    });
    expect(view.sections).toEqual({
      manageMembers: true,
      activity: true,
      membersInUsersList: '/console/users?group=3',
    });
  });

  it('offers a manager members to manage but not the group; a viewer neither, and no activity', async () => {
    const asManager = open(fakeContext({ handler: server(), role: 'manager' }));
    await asManager.started;
    await settle();
    expect(asManager.view.actions).toEqual([]);
    expect(asManager.view.sections).toMatchObject({ manageMembers: true, activity: false });

    const ctx = fakeContext({ handler: server(), role: 'viewer' });
    const asViewer = open(ctx);
    await asViewer.started;
    await settle();
    expect(asViewer.view.actions).toEqual([]);
    expect(asViewer.view.sections).toMatchObject({ manageMembers: false, activity: false });
    expect(asViewer.view.members).toMatchObject({ value: { mayRemove: false } });
    expect(requests(ctx)).toEqual([
      'GET /api/v1/groups/3',
      'GET /api/v1/groups/3/members?page=1&per_page=20',
    ]);
  });

  it('removes a member after asking, says so and shows the members again', async () => {
    const ctx = fakeContext({
      handler: server({ 'DELETE /api/v1/groups/3/members/8': () => ({ data: ALAN }) }),
    });
    const { view, dialogs, started } = open(ctx);
    await started;
    await settle();
    view.handlers.removeMember(ALAN);
    await settle();
    expect(dialogs.asked).toEqual(['remove Alan Turing']);
    expect(ctx.notes).toEqual([{ message: 'Removed Alan Turing from Editors.', kind: 'success' }]);
    expect(requests(ctx).filter((r) => r.includes('/members'))).toEqual([
      'GET /api/v1/groups/3/members?page=1&per_page=20',
      'DELETE /api/v1/groups/3/members/8',
      'GET /api/v1/groups/3/members?page=1&per_page=20',
    ]);
  });

  it('shows the members again once one is added', async () => {
    const ctx = fakeContext({ handler: server() });
    const { view, dialogs, started } = open(ctx);
    await started;
    await settle();
    view.handlers.addMember();
    await settle();
    expect(dialogs.asked).toEqual(['add']);
    expect(requests(ctx).filter((r) => r.includes('/members'))).toHaveLength(2);
  });

  it('goes to the last page of members when the one asked for is past the end (the last member on it removed)', async () => {
    const ctx = fakeContext({
      handler: server({
        'GET /api/v1/groups/3/members': (r) =>
          pageOf(r.query.page === '2' ? [ADA] : [], { page: Number(r.query.page), pages: 2 }),
      }),
    });
    const { view, started } = open(ctx, 3, '?page=3');
    await started;
    await settle();
    expect(ctx.recorded).toEqual([{ url: '/console/groups/3?page=2', replace: true }]);
    expect(view.memberNames()).toBe('Ada Lovelace');
  });

  it('follows back and forward to another page of members without asking for the group again', async () => {
    const ctx = fakeContext({ handler: server() });
    const { controller, started } = open(ctx);
    await started;
    await settle();
    await controller.update(new URLSearchParams('?page=2&per_page=50'));
    expect(requests(ctx).filter((r) => r === 'GET /api/v1/groups/3')).toHaveLength(1);
    expect(requests(ctx).at(-1)).toBe('GET /api/v1/groups/3/members?page=2&per_page=50');
    expect(ctx.recorded).toEqual([]);
  });

  it('puts a new page size in the URL, from page 1', async () => {
    const ctx = fakeContext({ handler: server() });
    const { view, started } = open(ctx, 3, '?page=2');
    await started;
    await settle();
    view.handlers.perPage(50);
    await settle();
    expect(ctx.recorded).toEqual([{ url: '/console/groups/3?per_page=50', replace: false }]);
  });

  it('shows the group again after an edit, and leaves for the groups list once it is deleted', async () => {
    const ctx = fakeContext({ handler: server({ 'DELETE /api/v1/groups/3': () => ({ data: EDITORS }) }) });
    const { view, started } = open(ctx);
    await started;
    await settle();
    view.handlers.act('edit');
    await settle();
    expect(requests(ctx).filter((r) => r === 'GET /api/v1/groups/3')).toHaveLength(2);
    view.handlers.act('delete');
    await settle();
    expect(ctx.seen.find((r) => r.method === 'DELETE')?.headers['If-Match']).toBe('"2"');
    expect(ctx.went).toEqual(['/console/groups']);
  });

  it('keeps the group on screen when its members fail to load, and retries them alone', async () => {
    let calls = 0;
    const ctx = fakeContext({
      handler: server({
        'GET /api/v1/groups/3/members': () =>
          ++calls === 1 ? { status: 500, message: 'Broken' } : pageOf([ADA]),
      }),
    });
    const { view, started } = open(ctx);
    await started;
    await settle();
    expect(view.members).toMatchObject({ error: { status: 500 } });
    view.handlers.retryMembers();
    await settle();
    expect(view.memberNames()).toBe('Ada Lovelace');
    expect(view.shown).toEqual(['loading', 'group Editors']);
  });

  it('says there is no such group for an unknown one, and for an id that is not one without asking', async () => {
    const ctx = fakeContext({ handler: server() });
    const gone = open(ctx, 99);
    await gone.started;
    expect(gone.view.error).toMatchObject({ status: 404 });
    const bad = open(ctx, Number('abc'));
    await bad.started;
    expect(bad.view.error).toMatchObject({ status: 404 });
    expect(requests(ctx)).toEqual(['GET /api/v1/groups/99']);
  });
});
