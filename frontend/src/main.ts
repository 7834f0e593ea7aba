import './styles/main.scss';
import { Api } from './api.ts';
import { ConsoleClient } from './client.ts';
import type { Context, View, ViewFactory } from './context.ts';
import { fill } from './dom.ts';
import { closeAllModals } from './widgets/modal.ts';
import { BASE, History, isEntryPath, matchRoute, safeNext } from './router.ts';
import { Session } from './session.ts';
import { auditCatalogReader, loadSettings } from './settings.ts';
import { applyTheme } from './theme.ts';
import { toast } from './widgets/toast.ts';
import type { Permission, Settings } from './types.ts';
import { accountView } from './views/account.ts';
import { auditView } from './views/audit.ts';
import { changePasswordView } from './views/change-password.ts';
import { createLayout } from './widgets/layout.ts';
import { forbiddenView, notFoundView } from './views/message.ts';
import { signInView } from './views/sign-in.ts';
import { errorState, loadingState } from './widgets/states.ts';
import { userDetailView } from './views/user-detail.ts';
import { usersView } from './views/users.ts';

interface Route {
  path: string;
  view: ViewFactory;
  /** Shown without signing in. */
  public?: boolean;
  permission?: Permission;
}

const SIGN_IN = `${BASE}/sign-in`;
const CHANGE_PASSWORD = `${BASE}/change-password`;

const routes: Route[] = [
  { path: SIGN_IN, view: signInView, public: true },
  { path: CHANGE_PASSWORD, view: changePasswordView },
  { path: `${BASE}/users`, view: usersView, permission: 'users:read' },
  { path: `${BASE}/users/:id`, view: userDetailView, permission: 'users:read' },
  { path: `${BASE}/audit`, view: auditView, permission: 'audit:read' },
  { path: `${BASE}/account`, view: accountView },
];

applyTheme();

const session = new Session();
const layout = createLayout();
const here = () => location.pathname + location.search;
let current: { pathname: string; view: View } | null = null;

function withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  // request() resolves with what the task resolves to; its DOM typing nests the promise.
  return navigator.locks.request(name, task) as unknown as Promise<T>;
}

const api = new Api({
  baseUrl: import.meta.env.VITE_API_BASE ?? '',
  // One tab at a time renews the token: the server treats a second use of a rotated cookie as theft.
  lock: 'locks' in navigator ? withLock : undefined,
  onRefreshed: (data) => {
    const flag = (data as { must_change_password?: boolean }).must_change_password;
    if (flag !== undefined) session.mustChangePassword = flag;
  },
  onSessionEnded: () => {
    if (!session.me) return;
    session.clear();
    router.go(`${SIGN_IN}?ended=1&next=${encodeURIComponent(here())}`, { replace: true });
  },
});
const client = new ConsoleClient(api);

let settings: Settings | null = null;

const ctx: Context = {
  client,
  session,
  get settings() {
    if (!settings) throw new Error('The settings are read before any screen is shown');
    return settings;
  },
  auditCatalog: auditCatalogReader(client),
  go: (url, options) => router.go(url, options),
  record: (url, options) => router.record(url, options),
  async reloadMe() {
    const me = await client.me();
    session.set({ ...me, must_change_password: me.must_change_password ?? session.mustChangePassword });
    layout.update(ctx, location.pathname);
  },
  async signedIn(next) {
    await ctx.reloadMe();
    router.go(next, { replace: true });
  },
  async signOut() {
    try {
      await client.signOut();
    } catch {
      // Signed out here either way; the server's session expires on its own.
    }
    session.clear();
    router.go(SIGN_IN);
    toast('Signed out.', 'info');
  },
};

/** Where a request for `pathname` should go instead, or null to show it. */
function redirectFor(route: Route | undefined, query: URLSearchParams): string | null {
  if (isEntryPath(location.pathname)) return `${BASE}/users`;
  if (!session.me) return route?.public ? null : `${SIGN_IN}?next=${encodeURIComponent(here())}`;
  if (route?.public) return safeNext(query.get('next'));
  if (session.mustChangePassword && route?.path !== CHANGE_PASSWORD) {
    return `${CHANGE_PASSWORD}?next=${encodeURIComponent(safeNext(here()))}`;
  }
  if (!session.mustChangePassword && route?.path === CHANGE_PASSWORD) return safeNext(query.get('next'));
  return null;
}

function render(): void {
  const match = matchRoute(routes, location.pathname);
  const query = new URLSearchParams(location.search);
  const redirect = redirectFor(match?.route, query);
  if (redirect) return router.go(redirect, { replace: true });

  if (current && current.pathname === location.pathname && current.view.update) {
    current.view.update(query);
    return;
  }
  closeAllModals();
  current?.view.destroy?.();
  let factory: ViewFactory = notFoundView;
  if (match)
    factory =
      match.route.permission && !session.can(match.route.permission) ? forbiddenView : match.route.view;
  const view = factory(ctx, match?.params ?? {}, query);
  current = { pathname: location.pathname, view };
  layout.update(ctx, location.pathname);
  fill(layout.main, view.element);
  document.title = `${view.title} · User Management`;
  // Focus moves to the new screen's heading so screen readers announce it; a field that asks for
  // it (the sign-in e-mail) gets it instead.
  const target =
    layout.main.querySelector<HTMLElement>('[autofocus]') ?? layout.main.querySelector<HTMLElement>('h1');
  target?.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

const router = new History(render);

async function start(): Promise<void> {
  document.getElementById('app')?.append(layout.root);
  layout.update(ctx, location.pathname);
  fill(layout.main, loadingState('Starting…'));
  try {
    // The rules the screens check come from the server; then, since the access token lives in
    // memory only, a reload renews it from the cookie.
    settings = await loadSettings(client);
    if (await client.resume()) await ctx.reloadMe();
  } catch (error) {
    fill(
      layout.main,
      errorState(error, () => location.reload()),
    );
    return;
  }
  router.start();
}

void start();
