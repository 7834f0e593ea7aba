import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialect } from '../support/app.js';
import { consoleBuild } from '../support/console-build.js';
import { httpRequest } from '../support/http-client.js';
import { nginxForTests, startNginx, type Nginx } from '../support/nginx.js';
import {
  ADMIN,
  processDatabase,
  startServer,
  testPort,
  type ServerProcess,
} from '../support/server-process.js';

const nginx = nginxForTests();

describe.skipIf(nginx === null)(`deploy/nginx-tls.conf on ${dialect}`, () => {
  let app: ServerProcess;
  let proxy: Nginx;
  let database: Awaited<ReturnType<typeof processDatabase>>;
  let staticRoot: string;
  let certDir: string;
  const https = `https://127.0.0.1:${testPort('nginx-tls', 1)}`;

  beforeAll(async () => {
    database = await processDatabase();
    staticRoot = consoleBuild();
    certDir = mkdtempSync(join(tmpdir(), 'ums-certs-'));
    chmodSync(certDir, 0o755);
    // A self-signed certificate stands in for the real one (certbot's fullchain.pem/privkey.pem).
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        join(certDir, 'privkey.pem'),
        '-out',
        join(certDir, 'fullchain.pem'),
      ],
      { stdio: 'ignore' },
    );
    app = startServer(
      { PORT: String(testPort('nginx-tls', 2)), DATABASE_URL: database.url, TRUST_PROXY: '127.0.0.1' },
      database.dir,
    );
    await app.waitForLog((l) => String(l.msg).startsWith('Server listening'), 'the app listening');
    proxy = await startNginx(nginx!, {
      site: 'nginx-tls.conf',
      appPort: testPort('nginx-tls', 2),
      httpPort: testPort('nginx-tls', 0),
      httpsPort: testPort('nginx-tls', 1),
      staticRoot,
      certDir,
    });
  });

  afterAll(async () => {
    await proxy?.stop();
    await app?.stop();
    await database?.drop();
    for (const dir of [staticRoot, certDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('redirects plain HTTP to HTTPS', async () => {
    const res = await httpRequest(`http://127.0.0.1:${testPort('nginx-tls', 0)}/console/users?page=2`);
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe(`https://127.0.0.1:${testPort('nginx-tls', 1)}/console/users?page=2`);
  });

  it('serves the console and the API over TLS, both with HSTS', async () => {
    const page = await httpRequest(`${https}/`);
    expect(page.status).toBe(200);
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const health = await httpRequest(`${https}/healthz`);
    expect(health.status).toBe(200);
    // The app's own header: it believed X-Forwarded-Proto from its trusted proxy.
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    const login = await httpRequest(`${https}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(login.status).toBe(200);
  });
});
