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
 * How many ports each test file that starts real processes takes. They are laid end to end in
 * this order, so two files running at once can never be given the same port; a file that needs
 * more asks here rather than picking numbers of its own.
 */
const PORTS_PER_FILE = {
  cluster: 1,
  nginx: 2,
  'nginx-tls': 3,
  backup: 2,
  'production-install': 1,
  'console-csp': 1,
  'mail-outbox-processes': 5,
  'bulk-job-kill': 3,
  'import-job-kill': 3,
  'last-admin-servers': 2,
  'crash-durability': 1,
  'shared-limits': 1,
  'daily-runs-processes': 5,
} as const;
export type PortOwner = keyof typeof PORTS_PER_FILE;
const PER_RUN = 50;

/**
 * The `index`th port of `owner`: from TEST_PROCESS_PORTS (default 5300), 50 for the SQLite run
 * and the next 50 for the PostgreSQL run, which may run at the same time. Two checkouts testing
 * side by side give each its own base.
 */
export function testPort(owner: PortOwner, index = 0): number {
  if (index < 0 || index >= PORTS_PER_FILE[owner]) {
    throw new Error(`${owner} has ${PORTS_PER_FILE[owner]} ports; ${index} is not one of them`);
  }
  const owners = Object.keys(PORTS_PER_FILE) as PortOwner[];
  const first = owners.slice(0, owners.indexOf(owner)).reduce((sum, o) => sum + PORTS_PER_FILE[o], 0);
  if (first + index >= PER_RUN) throw new Error(`more than ${PER_RUN} process ports are taken`);
  const base = Number(process.env.TEST_PROCESS_PORTS ?? 5300);
  return base + (dialect === 'postgres' ? PER_RUN : 0) + first + index;
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
