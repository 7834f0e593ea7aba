import './styles/main.scss';
import { Api } from './api.ts';
import { ConsoleClient } from './client.ts';
import type { Context, Screen } from './context.ts';
import { fill } from './dom.ts';
import { SIGN_IN } from './paths.ts';
import { navLinks, SCREENS, targetPath, unknownPermissions } from './registry.ts';
import { History, matchRoute } from './router.ts';
import { landing, redirectFor } from './rules/navigation.ts';
import { FORBIDDEN, NOT_FOUND } from './screens/messages.ts';
import { Session } from './session.ts';
import { auditCatalogReader, loadSettings } from './settings.ts';
import { applyTheme } from './theme.ts';
import type { Settings } from './types.ts';
import { createLayout } from './widgets/layout.ts';
import { closeAllModals } from './widgets/modal.ts';
import { errorState, loadingState } from './widgets/states.ts';
import { toast } from './widgets/toast.ts';

/** The shell: start-up, the context screens get, and showing the screen the URL names. */

applyTheme();

const session = new Session();
const layout = createLayout(() => void ctx.signOut());
const here = () => location.pathname + location.search;
let current: { pathname: string; screen: Screen } | null = null;
let settings: Settings | null = null;

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

function updateLayout(): void {
  const links = session.mustChangePassword ? [] : navLinks(SCREENS, (p) => session.can(p));
  layout.update({ user: session.user, links, pathname: location.pathname });
}

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
    updateLayout();
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
  notify: (message, kind, more) => toast(message, kind, more),
  setTitle: (title) => (document.title = `${title} · User Management`),
  targetPath: (type, id) => targetPath(SCREENS, type, id),
};

function render(): void {
  const match = matchRoute(SCREENS, location.pathname);
  const redirect = redirectFor({
    pathname: location.pathname,
    search: location.search,
    route: match?.route,
    signedIn: session.me !== null,
    mustChangePassword: session.mustChangePassword,
    landing: landing((p) => session.can(p)),
  });
  if (redirect) return router.go(redirect, { replace: true });

  const query = new URLSearchParams(location.search);
  if (current && current.pathname === location.pathname && current.screen.update) {
    current.screen.update(query);
    return;
  }
  closeAllModals();
  current?.screen.destroy?.();
  const entry = match?.route;
  const shown = !entry ? NOT_FOUND : entry.permission && !session.can(entry.permission) ? FORBIDDEN : entry;
  ctx.setTitle(shown.title);
  const screen = shown.screen(ctx, match?.params ?? {}, query);
  current = { pathname: location.pathname, screen };
  updateLayout();
  fill(layout.main, screen.element);
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
  updateLayout();
  fill(layout.main, loadingState('Starting…'));
  try {
    // The rules the screens check come from the server; then, since the access token lives in
    // memory only, a reload renews it from the cookie.
    settings = await loadSettings(client);
    const unknown = unknownPermissions(SCREENS, settings.permissions);
    if (unknown.length > 0) {
      console.error(`The console asks about permissions the server does not list: ${unknown.join(', ')}`);
    }
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
