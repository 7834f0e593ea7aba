import type { Page, PageMeta } from './types.ts';

/**
 * The only module that talks HTTP. It unwraps the API's envelope, turns every failure into an
 * ApiError, keeps the access token in memory (never in storage a script could read), and on a
 * 401 renews the token once through the refresh cookie and retries the request.
 */

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  override name = 'ApiError';

  constructor(
    /** The HTTP status; 0 when the server could not be reached at all. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldErrors = {},
    readonly requestId: string | null = null,
    /** Seconds to wait, from `Retry-After` on a 429. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }
}

export interface Reply<T> {
  data: T;
  message: string | null;
  meta?: PageMeta;
  etag: string | null;
  /** 201 for something made, 200 when it already was (a group's member added twice). */
  status: number;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** For the sign-in endpoints themselves: a 401 is an answer, not an expired token. */
  noRefresh?: boolean;
  /** A file sent as the body as it is (an import), instead of `body` as JSON. */
  file?: { body: Blob; type: string };
}

/** A file the server sent (an export), and the name its Content-Disposition gives. */
export interface Download {
  blob: Blob;
  filename: string | null;
}

/** Runs `task` while holding a lock named `name`, so only one tab refreshes at a time. */
export type LockRunner = <T>(name: string, task: () => Promise<T>) => Promise<T>;

export interface ApiOptions {
  /** Where the API is; empty for the same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  lock?: LockRunner;
  /** Called with each token the refresh endpoint hands out (the session's new state). */
  onRefreshed?: (data: unknown) => void;
  /** Called when a request was refused and the session could not be renewed. */
  onSessionEnded?: () => void;
}

export const REFRESH_PATH = '/api/v1/auth/refresh';

interface Envelope {
  status?: unknown;
  data?: unknown;
  message?: unknown;
  meta?: PageMeta;
  code?: unknown;
  errors?: FieldErrors;
}

export function queryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Seconds from a `Retry-After` header: a number of seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}

async function readEnvelope(response: Response): Promise<Envelope | null> {
  const text = await response.text();
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Envelope | null;
    return typeof parsed === 'object' ? parsed : null;
  } catch {
    return null;
  }
}

/** Turns an answer into a Reply, or throws the ApiError it stands for. */
export async function unwrap<T>(response: Response): Promise<Reply<T>> {
  const body = await readEnvelope(response);
  const requestId = response.headers.get('X-Request-Id');
  if (response.ok) {
    if (body && body.status !== 'success') {
      throw new ApiError(
        response.status,
        'bad_response',
        'The server sent an unexpected answer',
        {},
        requestId,
      );
    }
    return {
      data: (body?.data ?? null) as T,
      message: typeof body?.message === 'string' ? body.message : null,
      ...(body?.meta ? { meta: body.meta } : {}),
      etag: response.headers.get('ETag'),
      status: response.status,
    };
  }
  const isEnvelope = body !== null && typeof body.message === 'string';
  throw new ApiError(
    response.status,
    isEnvelope && typeof body.code === 'string' ? body.code : 'http_error',
    isEnvelope
      ? (body.message as string)
      : `The server answered ${response.status} ${response.statusText}`.trim(),
    (isEnvelope && body.errors) || {},
    requestId,
    parseRetryAfter(response.headers.get('Retry-After')),
  );
}

const runWithoutLock: LockRunner = (_name, task) => task();

export class Api {
  private token: string | null = null;
  private refreshing: Promise<boolean> | null = null;
  private readonly baseUrl: string;
  private readonly fetcher: typeof fetch;
  private readonly lock: LockRunner;

  constructor(private readonly options: ApiOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
    this.fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.lock = options.lock ?? runWithoutLock;
  }

  get signedIn(): boolean {
    return this.token !== null;
  }

  setToken(token: string | null): void {
    this.token = token;
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<Reply<T>> {
    return unwrap<T>(await this.respond(method, path, options));
  }

  /** A GET whose answer is a file, not the envelope; errors are the envelope still. */
  async download(path: string, options: RequestOptions = {}): Promise<Download> {
    const response = await this.respond('GET', path, {
      ...options,
      headers: { Accept: '*/*', ...options.headers },
    });
    if (!response.ok) await unwrap(response);
    const disposition = response.headers.get('Content-Disposition') ?? '';
    return { blob: await response.blob(), filename: /filename="([^"]+)"/.exec(disposition)?.[1] ?? null };
  }

  private async respond(method: string, path: string, options: RequestOptions): Promise<Response> {
    const sent = this.token;
    let response = await this.send(method, path, options, sent);
    if (response.status === 401 && !options.noRefresh) {
      // Another request may have renewed the token while this one was out: just retry.
      const renewed = this.token !== null && this.token !== sent ? true : await this.refresh();
      if (renewed) response = await this.send(method, path, options, this.token);
      if (response.status === 401) {
        this.token = null;
        this.options.onSessionEnded?.();
      }
    }
    return response;
  }

  /**
   * Renews the access token from the refresh cookie. Concurrent callers share one attempt: the
   * server rotates the cookie on each use and treats a second use of an old one as theft.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.lock('ums-refresh', () => this.refreshNow()).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async refreshNow(): Promise<boolean> {
    const response = await this.send('POST', REFRESH_PATH, {}, null);
    // 429: the server refused to renew (too many failed renewals from this address). Either way
    // there is no session to go on with, and the person should see the sign-in page, not an error.
    if (response.status === 401 || response.status === 403 || response.status === 429) {
      this.token = null;
      return false;
    }
    const { data } = await unwrap<{ access_token: string }>(response);
    this.token = data.access_token;
    this.options.onRefreshed?.(data);
    return true;
  }

  private async send(
    method: string,
    path: string,
    options: RequestOptions,
    token: string | null,
  ): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (token) headers.Authorization = `Bearer ${token}`;
    let body: string | Blob | undefined;
    if (options.file) {
      headers['Content-Type'] = options.file.type;
      body = options.file.body;
    } else if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    try {
      return await this.fetcher(`${this.baseUrl}${path}${queryString(options.query)}`, {
        method,
        headers,
        body,
        signal: options.signal,
        // The refresh cookie travels with auth requests, also when the console is on another origin.
        credentials: 'include',
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(
        0,
        'network_error',
        'The server cannot be reached. Check the connection and try again.',
      );
    }
  }
}

/** True when `error` is the browser cancelling a request the console no longer wants. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** A list's reply as a page: its items and the meta that counts them. */
export async function page<T>(reply: Promise<{ data: T[]; meta?: PageMeta }>): Promise<Page<T>> {
  const { data, meta } = await reply;
  return { items: data, meta: meta ?? { page: 1, per_page: data.length, total: data.length, pages: 1 } };
}
