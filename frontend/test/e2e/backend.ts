import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Starts the real server (backend/src/server.ts under tsx) on a fresh SQLite file, serving the
 * built console from frontend/dist. Each server gets a temporary working directory, so no .env
 * or ./data of the developer's is read or written.
 */

const SERVER = fileURLToPath(new URL('../../../backend/src/server.ts', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist', import.meta.url));
// tsx's loader, found from here (the server's own cwd is a temporary directory).
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface RunningBackend {
  baseUrl: string;
  /** Everything the server printed, for tests that read the first admin's password. */
  output: () => string;
  stop: () => Promise<void>;
}

export async function startBackend(port: number, env: Record<string, string> = {}): Promise<RunningBackend> {
  const dir = mkdtempSync(join(tmpdir(), 'ums-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', TSX, SERVER], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`,
      STATIC_DIR: DIST,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      // Every test signs in, all from 127.0.0.1; the per-address limit is for attackers.
      LOGIN_RATE_LIMIT: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  // Until it answers or exits, however long a busy machine takes (the hang guard bounds it).
  while (child.exitCode === null) {
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok) return { baseUrl, output: () => output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(`The server exited before it started on ${baseUrl}:\n${output}`);
}
