import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on a free port, answering each request with what the test's handler says:
 * api.ts is tested over real HTTP with Node's fetch, not with a stubbed fetch.
 */

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  /** Wait before answering, for requests that must overlap. */
  delayMs?: number;
}

export interface TestServer {
  baseUrl: string;
  seen: Seen[];
  close: () => Promise<void>;
}

export async function serve(handler: (request: Seen) => Answer): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(request);
      const answer = handler(request);
      const text =
        typeof answer.body === 'string'
          ? answer.body
          : answer.body === undefined
            ? ''
            : JSON.stringify(answer.body);
      const headers = {
        'Content-Type': typeof answer.body === 'string' ? 'text/html' : 'application/json',
        ...answer.headers,
      };
      setTimeout(() => res.writeHead(answer.status ?? 200, headers).end(text), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const ok = (data: unknown, extra: Record<string, unknown> = {}): Answer => ({
  body: { status: 'success', data, message: null, ...extra },
});

export const fail = (status: number, code: string, message: string, extra: Partial<Answer> = {}): Answer => ({
  status,
  ...extra,
  body: { status: 'error', data: null, message, code, ...(extra.body as object) },
});
