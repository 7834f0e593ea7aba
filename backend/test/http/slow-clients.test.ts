import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { freePort } from '../support/ports.js';
import { headerOf, openConnection, parseAnswer } from '../support/raw-http.js';

/**
 * Slow clients and closing: a connection that trickles its request is answered 408 and closed,
 * an idle keep-alive connection is closed, and a request that arrives while the server shuts
 * down is answered in the envelope. The timeouts are one second here; the tests wait for the
 * server to act and never assert how long it took.
 */
describe(`slow clients and shutdown on ${dialect}`, () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function listening(env: Record<string, string>, beforeReady?: (app: FastifyInstance) => void) {
    t = await buildTestApp({ env, beforeReady });
    const port = await freePort();
    await t.app.listen({ host: '127.0.0.1', port });
    return port;
  }

  /** Writes one byte every 100 ms until the connection closes. */
  async function trickle(socket: Socket, bytes: string, closed: Promise<void>) {
    let open = true;
    void closed.then(() => (open = false));
    for (const byte of bytes) {
      if (!open) return;
      socket.write(byte);
      await sleep(100);
    }
  }

  it('answers 408 in the envelope to a body sent a byte at a time, and closes', async () => {
    const port = await listening({ REQUEST_TIMEOUT: '1' });
    const { socket, received, closed } = await openConnection(port);
    const body = JSON.stringify({ email: 'slow@example.com', password: 'x'.repeat(200) });
    socket.write(
      `POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    await trickle(socket, body, closed);
    await closed;
    const answer = parseAnswer(received());
    expect(answer.statusLine).toBe('HTTP/1.1 408 Request Timeout');
    expect(answer.body).toMatchObject({ status: 'error', data: null, code: 'bad_request' });
    expect(headerOf(answer, 'x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 408 to headers sent a byte at a time', async () => {
    const port = await listening({ REQUEST_TIMEOUT: '1' });
    const { socket, received, closed } = await openConnection(port);
    await trickle(
      socket,
      `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: ${'p'.repeat(300)}\r\n\r\n`,
      closed,
    );
    await closed;
    expect(parseAnswer(received()).statusLine).toBe('HTTP/1.1 408 Request Timeout');
  });

  it('closes a keep-alive connection that stays idle', async () => {
    const port = await listening({ KEEP_ALIVE_TIMEOUT: '1' });
    const { socket, received, closed } = await openConnection(port);
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await closed;
    expect(received().startsWith('HTTP/1.1 200 OK')).toBe(true);
    expect(received().toLowerCase()).toContain('keep-alive');
  });

  it('answers a request that arrives during shutdown with the 503 envelope', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (arrived = resolve));
    let closingStarted: () => void = () => undefined;
    const shutdownBegun = new Promise<void>((resolve) => (closingStarted = resolve));
    const port = await listening({}, (app) => {
      app.get('/held', { schema: { hide: true } }, async () => {
        arrived();
        await held;
        return { status: 'success', data: null, message: null };
      });
      // Added after the app's own preClose hook, so it runs once the app knows it is closing.
      app.addHook('preClose', (done) => {
        closingStarted();
        done();
      });
    });
    const { socket, received, closed } = await openConnection(port);
    socket.write('GET /held HTTP/1.1\r\nHost: x\r\n\r\n');
    await inFlight;
    const closing = t!.app.close();
    t = undefined;
    await shutdownBegun;
    // A second request on the busy keep-alive connection, after shutdown has begun.
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    await sleep(200);
    release();
    await closing;
    await closed;
    const [first = '', second = ''] = received().split(/(?=HTTP\/1\.1 )/);
    expect(first.startsWith('HTTP/1.1 200 OK')).toBe(true);
    const answer = parseAnswer(second);
    expect(answer.statusLine).toBe('HTTP/1.1 503 Service Unavailable');
    expect(answer.body).toEqual({
      status: 'error',
      data: null,
      message: 'The server is shutting down; try again',
      code: 'service_unavailable',
    });
    expect(headerOf(answer, 'x-request-id')).toBeDefined();
    expect(headerOf(answer, 'connection')).toBe('close');
  });
});
