import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { freePort } from '../support/ports.js';
import { headerOf, parseAnswer as parse, rawRequest } from '../support/raw-http.js';

describe(`requests Node's HTTP parser refuses, on ${dialect}`, () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await buildTestApp();
    port = await freePort();
    await t.app.listen({ host: '127.0.0.1', port });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a request that is not HTTP with the 400 envelope', async () => {
    const answer = parse(await rawRequest(port, 'HELLO THERE\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.headers).toContain('content-type: application/json; charset=utf-8');
    expect(answer.body).toEqual({
      status: 'error',
      data: null,
      message: 'The request is not valid HTTP',
      code: 'bad_request',
    });
  });

  it('answers headers that are too large with 431 in the envelope', async () => {
    const huge = `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    const answer = parse(await rawRequest(port, huge));
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(answer.body).toMatchObject({ status: 'error', data: null, code: 'bad_request' });
    expect(headerOf(answer, 'x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('gives every refusal of the parser its own request id', async () => {
    const ids = await Promise.all(
      ['HELLO\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'].map(async (bytes) =>
        headerOf(parse(await rawRequest(port, bytes)), 'x-request-id'),
      ),
    );
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });

  it('answers an HTTP/1.1 request without Host with the 400 envelope and a request id', async () => {
    const answer = parse(await rawRequest(port, 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.body).toEqual({
      status: 'error',
      data: null,
      message: 'The request has no Host header',
      code: 'bad_request',
    });
    expect(headerOf(answer, 'x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses two Host headers, which a proxy and the app could read differently', async () => {
    const bytes = 'GET /healthz HTTP/1.1\r\nHost: a.example\r\nhost: b.example\r\nConnection: close\r\n\r\n';
    const answer = parse(await rawRequest(port, bytes));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(answer.body).toMatchObject({ message: 'The request has more than one Host header' });
  });

  it('answers an Expect it cannot meet with 417 in the envelope, then closes', async () => {
    const bytes =
      'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nExpect: something\r\n' +
      'Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';
    const answer = parse(await rawRequest(port, bytes));
    expect(answer.statusLine).toBe('HTTP/1.1 417 Expectation Failed');
    expect(answer.body).toEqual({
      status: 'error',
      data: null,
      message: 'The Expect header asks for something this server does not do',
      code: 'bad_request',
    });
    expect(headerOf(answer, 'x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(headerOf(answer, 'connection')).toBe('close');
  });

  it('answers CONNECT, which would open a tunnel, with the 405 envelope', async () => {
    const answer = parse(
      await rawRequest(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'),
    );
    expect(answer.statusLine).toBe('HTTP/1.1 405 Method Not Allowed');
    expect(answer.body).toMatchObject({ status: 'error', code: 'method_not_allowed' });
    expect(headerOf(answer, 'allow')).toContain('get');
    expect(headerOf(answer, 'x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves HTTP/1.0 without Host, which that version allows', async () => {
    const answer = await rawRequest(port, 'GET /healthz HTTP/1.0\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 200 OK')).toBe(true);
  });

  it('still answers well-formed requests on the same server', async () => {
    const answer = await rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(answer.startsWith('HTTP/1.1 200 OK')).toBe(true);
  });
});
