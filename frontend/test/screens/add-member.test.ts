import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AddMemberController,
  CANDIDATES,
  type AddMemberHandlers,
  type AddMemberView,
  type Candidates,
} from '../../src/screens/add-member/controller.ts';
import { SEARCH_PAUSE_MS } from '../../src/screens/search-pause.ts';
import {
  FakeForm,
  fakeContext,
  later,
  requests,
  routes,
  settle,
  user,
  type Answer,
  type FakeContext,
  type Handler,
} from './fake-context.ts';
import { group, member, pageOf } from './group-fixtures.ts';

class FakeAddMember extends FakeForm implements AddMemberView {
  handlers!: AddMemberHandlers;
  candidates: Candidates[] = [];
  closed = false;

  bind(handlers: AddMemberHandlers): void {
    this.handlers = handlers;
  }
  showCandidates(candidates: Candidates): void {
    this.candidates.push(candidates);
  }
  close(): void {
    this.closed = true;
  }
  /** What the list shows now, in words. */
  latest(): string {
    const last = this.candidates.at(-1);
    if (!last) return 'nothing';
    if ('users' in last) return last.users.map((u) => u.name).join(', ') + (last.more ? ' and more' : '');
    return Object.keys(last)[0] ?? '';
  }
}

const EDITORS = group({ id: 3, name: 'Editors' });
const ADA = user({ id: 7, name: 'Ada Lovelace' });
const ALAN = user({ id: 8, name: 'Alan Turing' });

function open(table: Record<string, Handler>) {
  const ctx: FakeContext = fakeContext({ handler: routes(table) });
  const view = new FakeAddMember();
  let added = 0;
  const controller = new AddMemberController(ctx, view, EDITORS, () => added++);
  return { ctx, view, controller, added: () => added };
}

/** Types `text` and lets the pause pass and the answer arrive. */
async function type(view: FakeAddMember, text: string): Promise<void> {
  view.handlers.typed(text);
  vi.advanceTimersByTime(SEARCH_PAUSE_MS);
  await settle();
}

describe('adding a member', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('finds users by name or e-mail after a pause in typing, by name, a few at a time', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { ctx, view } = open({ 'GET /api/v1/users': () => pageOf([ADA, ALAN], { total: 14 }) });
    expect(view.latest()).toBe('idle');
    view.handlers.typed('a');
    await type(view, ' a@ex ');
    expect(requests(ctx)).toEqual([`GET /api/v1/users?page=1&per_page=${CANDIDATES}&q=a%40ex&sort=name`]);
    expect(view.latest()).toBe('Ada Lovelace, Alan Turing and more');
    // Clearing the box clears the list, without asking.
    view.handlers.typed('  ');
    expect(view.latest()).toBe('idle');
    expect(ctx.seen).toHaveLength(1);
  });

  it('never lets a slow answer for an old search replace the answer for the new one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const slow = later<Answer>();
    const { view } = open({
      'GET /api/v1/users': (r) => (r.query.q === 'al' ? slow.promise : pageOf([ALAN])),
    });
    await type(view, 'al');
    await type(view, 'alan');
    slow.resolve(pageOf([ADA]));
    await settle();
    expect(view.latest()).toBe('Alan Turing');
  });

  it('adds the user picked, says so, closes and tells the page', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { ctx, view, added } = open({
      'GET /api/v1/users': () => pageOf([ADA, ALAN]),
      'POST /api/v1/groups/3/members': () => ({ status: 201, data: member({ id: 8 }) }),
    });
    await type(view, 'a');
    view.handlers.submit(8);
    await settle();
    expect(ctx.seen.at(-1)).toMatchObject({ method: 'POST', body: { user_id: 8 } });
    expect(ctx.notes).toEqual([{ message: 'Added Alan Turing to Editors.', kind: 'success' }]);
    expect(view.closed).toBe(true);
    expect(added()).toBe(1);
  });

  it('says so when the user already was a member (the server answers 200, not 201)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { ctx, view, added } = open({
      'GET /api/v1/users': () => pageOf([ADA]),
      'POST /api/v1/groups/3/members': () => ({ status: 200, data: member(), message: 'Already a member' }),
    });
    await type(view, 'ada');
    view.handlers.submit(7);
    await settle();
    expect(ctx.notes).toEqual([{ message: 'Ada Lovelace already was a member of Editors.', kind: 'info' }]);
    expect(added()).toBe(1);
  });

  it('asks for a pick before sending anything, and shows a refusal without closing', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { ctx, view, added } = open({
      'GET /api/v1/users': () => pageOf([ADA]),
      'POST /api/v1/groups/3/members': () => ({ status: 404, message: 'User not found' }),
    });
    view.handlers.submit(null);
    await settle();
    expect(Object.keys(view.errors)).toEqual(['search']);
    expect(ctx.seen).toHaveLength(0);
    await type(view, 'ada');
    view.handlers.submit(7);
    await settle();
    expect(view.problem).toEqual({ text: 'User not found', kind: 'danger' });
    expect(view.closed).toBe(false);
    expect(added()).toBe(0);
  });

  it('shows a failed search in the list, and a search still out is dropped when the dialog closes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { ctx, view } = open({ 'GET /api/v1/users': () => ({ status: 503, message: 'Down' }) });
    await type(view, 'ada');
    expect(view.candidates.at(-1)).toMatchObject({ error: { status: 503 } });
    view.handlers.typed('grace');
    view.handlers.closed();
    vi.advanceTimersByTime(SEARCH_PAUSE_MS);
    await settle();
    expect(ctx.seen).toHaveLength(1);
  });
});
