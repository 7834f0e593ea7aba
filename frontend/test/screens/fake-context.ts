import { Api, type FieldErrors } from '../../src/api.ts';
import { ConsoleClient } from '../../src/client.ts';
import type { Context, NoticeKind } from '../../src/context.ts';
import { SCREENS, targetPath } from '../../src/registry.ts';
import { Session } from '../../src/session.ts';
import { auditCatalogReader } from '../../src/settings.ts';
import type { PageMeta, Settings, User } from '../../src/types.ts';
import type { FormPort } from '../../src/screens/submit.ts';
import { CATALOG, SETTINGS } from '../support/settings.ts';

/**
 * A controller's world without a browser or a server: the real ConsoleClient and Api over a
 * fetch that answers from the test's handler (so a test sees the exact requests a controller
 * makes), a real Session, and a record of where the controller went and what it said.
 */

export interface Seen {
  method: string;
  path: string;
  /** The query string as an object, for exact comparisons. */
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

export interface Answer {
  status?: number;
  data?: unknown;
  meta?: PageMeta;
  message?: string | null;
  errors?: FieldErrors;
  headers?: Record<string, string>;
}

export type Handler = (request: Seen) => Answer | Promise<Answer>;

/** The API's answer to `request`, from a table of `METHOD /path` → handler; 404 for the rest. */
export function routes(table: Record<string, Handler>): Handler {
  return (request) => {
    const handler = table[`${request.method} ${request.path}`];
    return handler ? handler(request) : { status: 404, message: `No ${request.method} ${request.path}` };
  };
}

/** Lets every answered request and what follows from it run (all of it is promise callbacks). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A promise the test resolves when it chooses: an answer that arrives late. */
export function later<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError');
}

function fakeFetch(handler: Handler, seen: Seen[]): typeof fetch {
  return async (input, init = {}) => {
    // api.ts passes the URL as a string.
    const url = new URL(input as string, 'http://console.test');
    const request: Seen = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    seen.push(request);
    const signal = init.signal;
    if (signal?.aborted) throw abortError();
    const answer = await new Promise<Answer>((resolve, reject) => {
      signal?.addEventListener('abort', () => reject(abortError()));
      Promise.resolve(handler(request)).then(resolve, reject);
    });
    const status = answer.status ?? 200;
    const body =
      status < 400
        ? { status: 'success', data: answer.data ?? null, message: answer.message ?? null, meta: answer.meta }
        : {
            status: 'error',
            data: null,
            message: answer.message ?? 'Refused',
            code: 'refused',
            errors: answer.errors,
          };
    const headers = new Headers(answer.headers);
    // Only what api.ts reads of a response.
    return {
      ok: status < 400,
      status,
      statusText: '',
      headers,
      text: () => Promise.resolve(JSON.stringify(body)),
      // A file answer (an export) is its data as text.
      blob: () => Promise.resolve(new Blob([typeof answer.data === 'string' ? answer.data : ''])),
    } as Response;
  };
}

/** As the server's roles hold them (GET /auth/me lists them). */
export const ROLE_PERMISSIONS: Record<string, string[]> = {
  viewer: ['users:read', 'groups:read'],
  manager: [
    'users:read',
    'users:create',
    'users:update',
    'users:import',
    'users:export-list',
    'groups:read',
    'groups:manage-members',
  ],
  admin: SETTINGS.permissions,
};

export function user(over: Partial<User> = {}): User {
  return {
    id: 7,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    role: 'viewer',
    status: 'active',
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    last_login_at: null,
    version: 3,
    ...over,
  };
}

export interface FakeContext extends Context {
  seen: Seen[];
  went: string[];
  recorded: { url: string; replace: boolean }[];
  notes: { message: string; kind: NoticeKind; link?: { href: string; label: string } }[];
  titles: string[];
  signedInTo: string[];
}

export function fakeContext(
  options: { handler?: Handler; role?: string; me?: User; settings?: Settings } = {},
): FakeContext {
  const seen: Seen[] = [];
  const handler = options.handler ?? routes({});
  // The catalog route answers unless the test's own table does.
  const withCatalog: Handler = async (request) => {
    const answer = await handler(request);
    return answer.status === 404 && request.path === '/api/v1/audit/actions' ? { data: CATALOG } : answer;
  };
  const client = new ConsoleClient(new Api({ fetch: fakeFetch(withCatalog, seen) }));
  const session = new Session();
  const role = options.role ?? 'admin';
  const me = options.me ?? user({ id: 1, name: 'Grace', email: 'grace@example.com', role });
  session.set({ user: me, permissions: ROLE_PERMISSIONS[role] ?? [] });
  const ctx: FakeContext = {
    client,
    session,
    settings: options.settings ?? SETTINGS,
    auditCatalog: auditCatalogReader(client),
    seen,
    went: [],
    recorded: [],
    notes: [],
    titles: [],
    signedInTo: [],
    go: (url) => ctx.went.push(url),
    record: (url, opts) => ctx.recorded.push({ url, replace: opts?.replace ?? false }),
    signedIn: (next) => {
      ctx.signedInTo.push(next);
      return Promise.resolve();
    },
    reloadMe: () => Promise.resolve(),
    signOut: () => Promise.resolve(),
    notify: (message, kind = 'success', more) =>
      ctx.notes.push({ message, kind, ...(more?.link && { link: more.link }) }),
    setTitle: (title) => ctx.titles.push(title),
    targetPath: (type, id) => targetPath(SCREENS, type, id),
  };
  return ctx;
}

/** The requests made, as `METHOD /path?query` lines, in order. */
export function requests(ctx: FakeContext): string[] {
  return ctx.seen.map((r) => {
    const query = new URLSearchParams(r.query).toString();
    return `${r.method} ${r.path}${query ? `?${query}` : ''}`;
  });
}

/** A form as a controller sees it, recording what it was told to show. */
export class FakeForm implements FormPort {
  errors: FieldErrors = {};
  message: string | undefined;
  problem: { text: string; kind: string } | null = null;
  busyRuns = 0;

  showErrors(errors: FieldErrors, message?: string): void {
    this.errors = errors;
    this.message = message;
  }
  markErrors(errors: FieldErrors): void {
    this.errors = errors;
  }
  clearErrors(): void {
    this.errors = {};
  }
  showProblem(text: string, kind = 'danger'): void {
    this.problem = { text, kind };
  }
  clearProblem(): void {
    this.problem = null;
  }
  async busy(task: () => Promise<void>): Promise<void> {
    this.busyRuns++;
    await task();
  }
}
