import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { startTs } from '../support/spawn.js';

/**
 * The README's "Signing in" walk-through, run as written against a server started the way a
 * newcomer starts one: an empty directory, no configuration, so it creates admin@localhost and
 * prints its password. Only the two passwords the reader fills in and the port are replaced.
 */

const README = fileURLToPath(new URL('../../../README.md', import.meta.url));
const PLACEHOLDERS = [/^PASSWORD='…'/m, /^NEW_PASSWORD='…'/m];
const NEW_PASSWORD = 'a walk through the README 2026';

/** The shell blocks of one section of the README, in order. */
function shellBlocks(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  expect(start, `the README has a "## ${heading}" section`).toBeGreaterThan(0);
  const end = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
}

// Answers are read as loose JSON on purpose: the assertions are the type check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/** The JSON values written one after another (curl adds no newline), split apart. */
function jsonValues(text: string): Json[] {
  const values: Json[] = [];
  let depth = 0;
  let from = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) from = i;
    } else if (c === '}' && --depth === 0) values.push(JSON.parse(text.slice(from, i + 1)) as Json);
  }
  return values;
}

function runBash(
  script: string,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('bash', ['-c', `set -eu\n${script}`], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe("the README's sign-in walk-through", () => {
  let dir: string;
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('works as written on a fresh start: sign in, replace the first password, use the API, renew', async () => {
    const script = shellBlocks(readFileSync(README, 'utf8'), 'Signing in');
    for (const placeholder of PLACEHOLDERS) expect(script).toMatch(placeholder);

    dir = mkdtempSync(join(tmpdir(), 'ums-readme-'));
    const port = await freePort();
    const server = startTs('src/server.ts', [], { cwd: dir, env: { PORT: String(port) } });
    stop = () => server.kill('SIGKILL');
    let printed = '';
    const password = await new Promise<string>((resolve, reject) => {
      server.stdout!.on('data', (chunk: Buffer) => {
        printed += chunk.toString();
        const found = /password: (\S+)/.exec(printed);
        if (found && printed.includes('Server listening at')) resolve(found[1]!);
      });
      server.on('exit', (code) => reject(new Error(`the server exited (${code}): ${printed}`)));
    });

    const run = await runBash(
      script
        .replace(PLACEHOLDERS[0]!, `PASSWORD='${password}'`)
        .replace(PLACEHOLDERS[1]!, `NEW_PASSWORD='${NEW_PASSWORD}'`)
        .replaceAll('127.0.0.1:5000', `127.0.0.1:${port}`),
      dir,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);

    // Every command answered success, in the order the README gives them.
    const answers = jsonValues(run.stdout);
    expect(answers.filter((a) => a.status !== 'success')).toEqual([]);
    const [signIn, changed, me, users, renewed] = answers;
    expect(answers).toHaveLength(5);
    expect(signIn).toMatchObject({ message: 'Signed in', data: { must_change_password: true } });
    expect(changed!.message).toMatch(/^Password changed/);
    expect(me!.data).toMatchObject({ must_change_password: false, user: { email: 'admin@localhost' } });
    expect(users!.data.map((u: { email: string }) => u.email)).toEqual(['admin@localhost']);
    expect(renewed!.data.access_token).toMatch(/^eyJ/);
    // The new password is the one that signs in now.
    const again = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@localhost', password: NEW_PASSWORD }),
    });
    expect(again.status).toBe(200);
  });
});
