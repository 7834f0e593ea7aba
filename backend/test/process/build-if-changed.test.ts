import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * `npm start` builds only what changed (scripts/build-if-changed.mjs). The script runs here in a
 * small copy of the project's layout, with a stand-in for npm (npm_execpath, which `npm start`
 * sets) that records each build it is asked for and writes that part's output: what is proved
 * is which builds run, not how long Vite and tsc take.
 */

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = 'scripts/build-if-changed.mjs';

const FAKE_NPM = `
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
const args = process.argv.slice(2);
appendFileSync('npm-calls.log', JSON.stringify(args) + '\\n');
const workspace = args[args.indexOf('--workspace') + 1];
if (process.env.FAIL_BUILD === workspace) process.exit(3);
const output = { frontend: 'frontend/dist/index.html', backend: 'backend/dist/src/server.js' }[workspace];
mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, 'built');
`;

describe('npm start builds only what changed', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'ums-build-'));
    mkdirSync(join(root, 'scripts'));
    copyFileSync(join(repo, SCRIPT), join(root, SCRIPT));
    writeFileSync(join(root, 'fake-npm.mjs'), FAKE_NPM);
    for (const [file, text] of Object.entries({
      'package-lock.json': '{}',
      'frontend/package.json': '{}',
      'frontend/index.html': '<main id="app"></main>',
      'frontend/src/main.ts': 'export const version = 1;',
      'frontend/src/styles/main.scss': 'body { margin: 0 }',
      'backend/package.json': '{}',
      'backend/src/server.ts': 'export const port = 5000;',
    })) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  /** Runs the script as `npm start` does; answers what it printed and the builds it asked npm for. */
  function start(env: Record<string, string> = {}): {
    code: number | null;
    stdout: string;
    builds: string[];
  } {
    rmSync(join(root, 'npm-calls.log'), { force: true });
    const result = spawnSync(process.execPath, [SCRIPT], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, npm_execpath: join(root, 'fake-npm.mjs'), ...env },
    });
    const log = join(root, 'npm-calls.log');
    const calls = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
    const builds = calls.map((line) => (JSON.parse(line) as string[]).join(' '));
    return { code: result.status, stdout: result.stdout + result.stderr, builds };
  }

  const CONSOLE = 'run --silent build --workspace frontend -- --logLevel warn';
  const SERVER = 'run --silent build --workspace backend';
  const edit = (file: string, text: string) => writeFileSync(join(root, file), text);

  it('builds both parts the first time, quietly, and nothing the second time', () => {
    const first = start();
    expect(first.code).toBe(0);
    expect(first.builds).toEqual([CONSOLE, SERVER]);
    expect(first.stdout).toMatch(
      /^Building the console…\nBuilt the console in \d+ s\.\nBuilding the server…\n/,
    );

    const second = start();
    expect(second.code).toBe(0);
    expect(second.builds).toEqual([]);
    expect(second.stdout).toBe('The console is up to date.\nThe server is up to date.\n');
  });

  it('rebuilds the console alone when a console source changes, and the server alone for the server', () => {
    start();
    edit('frontend/src/styles/main.scss', 'body { margin: 1px }');
    expect(start().builds).toEqual([CONSOLE]);
    edit('backend/src/server.ts', 'export const port = 5001;');
    expect(start().builds).toEqual([SERVER]);
    // A new file counts, and the lock file is a source of both.
    edit('frontend/src/new-screen.ts', 'export {};');
    expect(start().builds).toEqual([CONSOLE]);
    edit('package-lock.json', '{"lockfileVersion":3}');
    expect(start().builds).toEqual([CONSOLE, SERVER]);
    expect(start().builds).toEqual([]);
  });

  it('goes by content: a file touched but unchanged (a checkout, say) rebuilds nothing', () => {
    start();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'frontend/src/main.ts'), later, later);
    expect(start().builds).toEqual([]);
  });

  it('rebuilds a part whose output is gone, or was written since by another build', () => {
    start();
    rmSync(join(root, 'backend/dist'), { recursive: true });
    expect(start().builds).toEqual([SERVER]);
    // `npm run build` by hand from other sources, say: this stamp no longer speaks for the output.
    const other = new Date(Date.now() - 3_600_000);
    utimesSync(join(root, 'frontend/dist/index.html'), other, other);
    expect(start().builds).toEqual([CONSOLE]);
    expect(start().builds).toEqual([]);
  });

  it('stops when a build fails, before the server would start, and tries again next time', () => {
    const failed = start({ FAIL_BUILD: 'frontend' });
    expect(failed.code).toBe(3);
    expect(failed.builds).toEqual([CONSOLE]);
    expect(failed.stdout).toContain('Building the console failed; run `npm run build` to see why in full.');
    expect(start().builds).toEqual([CONSOLE, SERVER]);
  });

  it('is what `npm start` runs before the server', () => {
    const { scripts } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toMatch(
      /^node scripts\/build-if-changed\.mjs && node .*backend\/dist\/src\/server\.js$/,
    );
  });
});
