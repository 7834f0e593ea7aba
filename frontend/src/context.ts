import type { ConsoleClient } from './client.ts';
import type { Session } from './session.ts';
import type { AuditCatalog, Settings } from './types.ts';

/** What every screen is given: the API, who is signed in, and a way to move on. */
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
  /** After a sign-in or a refresh: reload who is signed in and show `next`. */
  signedIn(next: string): Promise<void>;
  /** Asks the API again who is signed in (after changing one's own name). */
  reloadMe(): Promise<void>;
  signOut(): Promise<void>;
}

export interface View {
  element: HTMLElement;
  title: string;
  /** The same screen with a new query string (back, forward): show it without starting over. */
  update?(query: URLSearchParams): void;
  /** Leaving the screen: cancel what it still waits for. */
  destroy?(): void;
}

export type ViewFactory = (ctx: Context, params: Record<string, string>, query: URLSearchParams) => View;
