import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dialect } from './app.js';
import { freshSchema } from './postgres-database.js';

const SERVER = fileURLToPath(new URL('../../src/server.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/**
 * Ports for tests that start real processes: from TEST_PROCESS_PORTS (default 5300), 50 for the
 * SQLite run and the next 50 for the PostgreSQL run, which may run at the same time. Each test
 * file takes its own offsets. Two checkouts testing side by side give each its own base.
 */
export function testPort(offset: number): number {
  if (offset < 0 || offset >= 50) throw new Error(`port offset ${offset} is outside 0-49`);
  const base = Number(process.env.TEST_PROCESS_PORTS ?? 5300);
  return base + (dialect === 'postgres' ? 50 : 0) + offset;
}

/** The admin every server process starts with (ADMIN_EMAIL and ADMIN_PASSWORD). */
export const ADMIN = { email: 'ops-admin@example.com', password: 'a long deploy-test passphrase' };

export type LogLine = Record<string, unknown> & { msg?: string; pid?: number };

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  logs: LogLine[];
  /** Resolves with the first log line (already seen or to come) that matches. */
  waitForLog: (match: (line: LogLine) => boolean, what?: string) => Promise<LogLine>;
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
}

/** A database for a server process: a file in a temp dir, or a fresh PostgreSQL schema. */
export async function processDatabase(): Promise<{ url: string; dir: string; drop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ums-process-'));
  if (dialect === 'sqlite') {
    return { url: `sqlite:${join(dir, 'app.db')}`, dir, drop: async () => rmSync(dir, { recursive: true }) };
  }
  const { url: base, schema, drop } = await freshSchema('p');
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    dir,
    drop: async () => {
      await drop();
      rmSync(dir, { recursive: true });
    },
  };
}

/** Starts the server as a real process (backend/src/server.ts unless given) with JSON logs on stdout. */
export function startServer(
  env: Record<string, string>,
  cwd: string,
  entry?: string,
  nodeOptions: string[] = [],
): ServerProcess {
  const port = env.PORT ?? '0';
  // The TypeScript source through tsx, or a compiled entry as production runs it.
  const args = entry ? [...nodeOptions, entry] : ['--import', TSX, SERVER];
  const child = spawn(process.execPath, args, {
    cwd,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      JWT_SECRET: 'a-test-secret-of-at-least-32-characters!',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters: { match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }[] = [];
  let buffered = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const text of lines) {
      if (!text.trim()) continue;
      const line = JSON.parse(text) as LogLine;
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return {
    child,
    url: `http://127.0.0.1:${port}`,
    logs,
    waitForLog: (match, what = 'a log line') => {
      const seen = logs.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.push(waiter);
        void exited.then((code) => {
          if (waiters.includes(waiter)) {
            // A start-up failure is logged as JSON on stdout (a port in use, say), not on stderr.
            const last = JSON.stringify(logs.slice(-3));
            reject(
              new Error(
                `server exited (${code}) before ${what}; last log lines: ${last}; stderr: ${stderr.slice(-2000)}`,
              ),
            );
          }
        });
      });
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
