import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';

/** A logger that keeps the address Fastify saw for each request id (its `req.remoteAddress`). */
function addressLog(): {
  logger: { level: string; stream: { write: (line: string) => void } };
  seen: Map<string, string>;
} {
  const seen = new Map<string, string>();
  const write = (line: string) => {
    const entry = JSON.parse(line) as { reqId?: string; req?: { remoteAddress?: string } };
    if (entry.reqId && entry.req?.remoteAddress) seen.set(entry.reqId, entry.req.remoteAddress);
  };
  return { logger: { level: 'info', stream: { write } }, seen };
}

describe(`security headers and proxy trust on ${dialect}`, () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('sends a CSP that allows scripts from this origin only, never inline', async () => {
    t = await buildTestApp();
    const res = await t.inject({ method: 'GET', url: '/api/v1/users' });
    const csp = String(res.headers['content-security-policy']);
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src '));
    expect(scriptSrc?.trim()).toBe("script-src 'self'");
    expect(csp).toContain("script-src-attr 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends the same security headers on answers, errors and refusals alike', async () => {
    t = await buildTestApp();
    const answers = [
      await t.inject({ method: 'GET', url: '/api/v1/users' }),
      await t.inject({ method: 'GET', url: '/api/v1/users/999999' }),
      await t.inject({ method: 'GET', url: '/api/v1/users?per_page=oops' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/users' }),
      await t.app.inject({ method: 'GET', url: '/healthz' }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([200, 404, 422, 401, 200]);
    for (const res of answers) {
      expect(res.headers).toMatchObject({
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
    }
  });

  it("keeps the console's page free of inline script, so the CSP needs no exception", () => {
    const html = readFileSync(new URL('../../../frontend/index.html', import.meta.url), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', body = ''] of scripts) {
      expect(attributes).toMatch(/\bsrc=/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });

  it('sends HSTS only when the request came over TLS through a trusted proxy', async () => {
    t = await buildTestApp({ env: { TRUST_PROXY: '127.0.0.1' } });
    const plain = await t.inject({ method: 'GET', url: '/healthz' });
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    const tls = await t.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('ignores X-Forwarded-Proto and X-Forwarded-For by default, since anyone can send them', async () => {
    const { logger, seen } = addressLog();
    t = await buildTestApp({ logger });
    const res = await t.inject({
      method: 'GET',
      url: '/healthz',
      headers: {
        'x-forwarded-proto': 'https',
        'x-forwarded-for': '203.0.113.9',
        'x-request-id': 'untrusted',
      },
    });
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(seen.get('untrusted')).toBe('127.0.0.1');
  });

  it('takes the client address from X-Forwarded-For when the proxy is trusted', async () => {
    const { logger, seen } = addressLog();
    t = await buildTestApp({ env: { TRUST_PROXY: '127.0.0.1' }, logger });
    // A client-sent value first, then the address nginx saw: only the trusted hop is believed.
    await t.inject({
      method: 'GET',
      url: '/healthz',
      headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.4', 'x-request-id': 'trusted' },
    });
    expect(seen.get('trusted')).toBe('198.51.100.4');
  });
});
