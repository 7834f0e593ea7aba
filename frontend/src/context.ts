import type { ConsoleClient } from './client.ts';
import type { Session } from './session.ts';
import type { AuditCatalog, Settings } from './types.ts';

export type NoticeKind = 'success' | 'danger' | 'info';

/** More to a notice than its words: a second line, and a link to what it is about. */
export interface NoticeMore {
  detail?: string;
  link?: { href: string; label: string };
}

/**
 * What every screen's controller is given: the API, who is signed in, the server's rules, and
 * ways to move on and to tell the person what happened. Nothing in it is DOM, so a controller
 * runs in a unit test against a fake context (test/screens/fake-context.ts).
 */
export interface Context {
  client: ConsoleClient;
  session: Session;
  /** The server's rules (roles, statuses, permissions, password policy), read at start. */
  settings: Settings;
  /** The audit actions and target types, read the first time a screen asks. */
  auditCatalog(): Promise<AuditCatalog>;
  /** Shows another console URL (pushes a history entry unless `replace`). */
  go(url: string, options?: { replace?: boolean }): void;
  /** Puts the screen's new state in the URL without showing the screen again. */
  record(url: string, options?: { replace?: boolean }): void;
  /** After a sign-in or a forced password change: reload who is signed in and show `next`. */
  signedIn(next: string): Promise<void>;
  /** Asks the API again who is signed in (after changing one's own name). */
  reloadMe(): Promise<void>;
  signOut(): Promise<void>;
  /** Tells the result of an action (a toast); errors stay until dismissed. */
  notify(message: string, kind?: NoticeKind, more?: NoticeMore): void;
  /** The page title, when the screen knows a better one than the registry's (a user's name). */
  setTitle(title: string): void;
  /** The console page of the item an audit event names (the registry's target types), or null. */
  targetPath: (type: string | null, id: string | null) => string | null;
}

/** A screen as the shell shows it: its element, and what to do on a new query or on leaving. */
export interface Screen {
  element: HTMLElement;
  /** The same screen with a new query string (back, forward): show it without starting over. */
  update?(query: URLSearchParams): void;
  /** Leaving the screen: cancel what it still waits for. */
  destroy?(): void;
}

export type ScreenFactory = (ctx: Context, params: Record<string, string>, query: URLSearchParams) => Screen;
