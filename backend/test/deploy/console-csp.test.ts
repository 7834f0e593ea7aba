import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialect } from '../support/app.js';
import { processDatabase, startServer, testPort, type ServerProcess } from '../support/server-process.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function chromiumForTests(): string | null {
  const found = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
  if (found) return found;
  if (process.env.CI === 'true') throw new Error('Chromium is not installed; CI does not skip the CSP test');
  console.warn('Chromium is not installed (apt-get install chromium): skipping the console CSP test.');
  return null;
}

const chromium = dialect === 'sqlite' ? chromiumForTests() : null;

/** Loads a page in headless Chromium; answers the console messages it logged. */
async function load(url: string): Promise<string> {
  const { stderr } = await run(chromium!, [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--enable-logging=stderr',
    '--v=0',
    '--virtual-time-budget=3000',
    '--dump-dom',
    url,
  ]);
  return stderr
    .split('\n')
    .filter((line) => line.includes(':CONSOLE'))
    .join('\n');
}

/**
 * The real console, built by Vite, served by the app with its real headers, loaded in a real
 * browser: the Content-Security-Policy must block nothing. A page with an inline script, served
 * the same way, shows that a violation would be seen.
 */
describe.runIf(chromium !== null)('the built console under the Content-Security-Policy', () => {
  let server: ServerProcess;
  let database: Awaited<ReturnType<typeof processDatabase>>;
  let built: string;

  beforeAll(async () => {
    built = mkdtempSync(join(tmpdir(), 'ums-console-build-'));
    await run('npm', ['run', 'build', '--workspace', 'frontend', '--', '--outDir', built, '--emptyOutDir'], {
      cwd: ROOT,
    });
    writeFileSync(
      join(built, 'inline-probe.html'),
      '<!doctype html><title>probe</title><script>document.title = "ran"</script>',
    );
    database = await processDatabase();
    server = startServer(
      { PORT: String(testPort('console-csp')), DATABASE_URL: database.url, STATIC_DIR: built },
      database.dir,
    );
    await server.waitForLog((l) => String(l.msg).startsWith('Server listening'), 'the app listening');
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    rmSync(built, { recursive: true, force: true });
  });

  it('sees a violation when a page runs inline script (the check can fail)', async () => {
    const messages = await load(`${server.url}/inline-probe.html`);
    expect(messages).toMatch(/violates the following Content Security Policy directive/);
  });

  it('loads the console, its scripts and styles, with no violation', async () => {
    const messages = await load(`${server.url}/`);
    expect(messages).not.toMatch(/Content Security Policy/);
    const fetched = server.logs
      .filter((l) => l.msg === 'request completed')
      .map((l) => (l.req as { url: string }).url);
    expect(fetched.some((url) => /^\/assets\/.+\.js$/.test(url))).toBe(true);
  });
});
