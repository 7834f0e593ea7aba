import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialect } from '../support/app.js';
import { execForm, readDockerfile } from '../support/dockerfile.js';
import { startServer, testPort, type ServerProcess } from '../support/server-process.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const docker = readDockerfile(new URL('Dockerfile', `file://${ROOT}`));

/**
 * The Dockerfile's build stage, run here without Docker: the project copied to a temp dir (as
 * `COPY . .`), the installed node_modules standing in for `npm ci` (no network for native
 * builds here), then every other RUN of the build stage exactly as written. The app is then
 * started the way the image's CMD and HEALTHCHECK do, from the pruned tree.
 */
describe.runIf(dialect === 'sqlite')('the production install the Dockerfile builds', () => {
  let app: string;
  let server: ServerProcess | undefined;
  const port = testPort('production-install');
  const steps = docker
    .filter((i) => i.stage === 'build' && i.keyword === 'RUN')
    .map((i) => i.args)
    .filter((command) => !command.startsWith('apt-get') && command !== 'npm ci');
  const env = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    JWT_SECRET: 'a-production-install-secret-0123456789',
    ADMIN_EMAIL: 'ops@example.com',
    ADMIN_PASSWORD: 'a long production-install passphrase',
  };

  beforeAll(async () => {
    app = mkdtempSync(join(tmpdir(), 'ums-image-'));
    const skip = /(^|\/)(node_modules|dist|coverage|data|\.git)$/;
    for (const part of ['package.json', 'package-lock.json', 'backend', 'frontend']) {
      cpSync(join(ROOT, part), join(app, part), { recursive: true, filter: (src) => !skip.test(src) });
    }
    // Hard links: fast and small. npm only unlinks them, except its hidden lockfile, which it
    // rewrites in place, so that one is a real copy.
    await run('cp', ['-al', join(ROOT, 'node_modules'), join(app, 'node_modules')]);
    await run('cp', [
      '--remove-destination',
      join(ROOT, 'node_modules/.package-lock.json'),
      join(app, 'node_modules/'),
    ]);
    for (const command of steps)
      await run('sh', ['-c', command], { cwd: app, env: { ...process.env, CI: 'true' } });
  });

  afterAll(async () => {
    await server?.stop();
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('runs the npm commands of the build: npm run build, then npm prune --omit=dev', () => {
    expect(steps.filter((s) => s.startsWith('npm '))).toEqual(['npm run build', 'npm prune --omit=dev']);
    expect(existsSync(join(app, 'backend/dist/src/server.js'))).toBe(true);
    expect(existsSync(join(app, 'frontend/dist/index.html'))).toBe(true);
  });

  it('leaves no dev dependency and no TypeScript source behind', () => {
    for (const dev of ['tsx', 'typescript', 'vitest', 'eslint', 'vite', '@types/node']) {
      expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    }
    expect(existsSync(join(app, 'backend/src'))).toBe(false);
    // The original install is untouched by the prune.
    expect(existsSync(join(ROOT, 'node_modules/tsx/package.json'))).toBe(true);
  });

  it('migrates with npm run db:migrate from compiled JavaScript, as the migrate service does', async () => {
    const { stdout } = await run('npm', ['run', 'db:migrate'], {
      cwd: app,
      env: { ...env, DATABASE_URL: `sqlite:${join(app, 'data/app.db')}` },
    });
    expect(stdout).toMatch(/^applied 2026_11_26_001_create_users$/m);
  });

  it('serves from compiled JavaScript and passes the image HEALTHCHECK', async () => {
    const cmd = execForm(docker.find((i) => i.stage === 'app' && i.keyword === 'CMD')!.args);
    expect(cmd[0]).toBe('node');
    server = startServer(
      // Migrated by the step above, as compose's app runs after its migrate service.
      {
        ...env,
        PORT: String(port),
        DATABASE_URL: `sqlite:${join(app, 'data/app.db')}`,
        MIGRATE_ON_START: 'false',
      },
      app,
      // The script comes last; Node's own options (the image's memory settings) before it.
      join(app, cmd.at(-1)!),
      cmd.slice(1, -1),
    );
    await server.waitForLog((l) => String(l.msg).startsWith('Server listening'), 'the app listening');
    const check = execForm(docker.find((i) => i.stage === 'app' && i.keyword === 'HEALTHCHECK')!.args);
    const healthcheck = () =>
      run(check[0] === 'node' ? process.execPath : check[0]!, check.slice(1), {
        env: { PORT: String(port) },
      });
    await expect(healthcheck()).resolves.toBeDefined();
    expect(await server.stop()).toBe(0);
    await expect(healthcheck()).rejects.toMatchObject({ code: 1 });
  });

  it('backs up with npm run db:backup from compiled JavaScript', async () => {
    const { stdout } = await run('npm', ['run', 'db:backup', '--', '--out', join(app, 'backup.db')], {
      cwd: app,
      env: { ...env, DATABASE_URL: `sqlite:${join(app, 'data/app.db')}` },
    });
    expect(stdout).toMatch(/backed up .* 1 users/);
  });
});
