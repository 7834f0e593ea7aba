import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/ports.js';
import { runTs, startTs } from '../support/spawn.js';

interface LogLine {
  msg: string;
  reqId?: string;
}

/** The server as `npm start` runs it, logging JSON lines that the test can wait for. */
class ServerProcess {
  readonly lines: LogLine[] = [];
  readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];
  stderr = '';

  constructor(readonly child: ChildProcess) {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const complete = buffer.split('\n');
      buffer = complete.pop() ?? '';
      // Log lines are JSON; anything else (a notice for the operator) is not a log line.
      for (const line of complete) if (line.startsWith('{')) this.lines.push(JSON.parse(line) as LogLine);
      for (const wake of this.waiters.splice(0)) wake();
    });
    child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        resolve(code);
        for (const wake of this.waiters.splice(0)) wake();
      }),
    );
  }

  /** Resolves with the first log line that matches; vitest's timeout bounds the wait. */
  async waitForLog(match: (line: LogLine) => boolean): Promise<LogLine> {
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(
          `the server exited (${this.child.exitCode ?? this.child.signalCode}): ${this.stderr}`,
        );
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function readAll(socket: Socket): Promise<string> {
  let answer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (answer += chunk));
  return new Promise((resolve) => socket.on('close', () => resolve(answer)));
}

describe('the server process', () => {
  let dir: string;
  let server: ServerProcess | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ums-server-'));
  });
  afterEach(() => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = { email: 'root@example.com', password: 'correct horse battery staple 42' };

  async function start(logLevel = 'info'): Promise<{ port: number; dbFile: string }> {
    const port = await freePort();
    const dbFile = join(dir, 'app.db');
    const env = {
      PORT: String(port),
      DATABASE_URL: `sqlite:${dbFile}`,
      NODE_ENV: 'production',
      LOG_LEVEL: logLevel,
      JWT_SECRET: 'a-test-secret-of-at-least-32-characters',
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    };
    server = new ServerProcess(startTs('src/server.ts', [], { cwd: dir, env }));
    await server.waitForLog((l) => l.msg.startsWith('Server listening at'));
    return { port, dbFile };
  }

  async function signIn(port: number): Promise<string> {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(admin),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: { access_token: string } }).data.access_token;
  }

  it('finishes a request in flight on SIGTERM, closes the database and exits 0', async () => {
    // At debug, a request is logged on arrival too: that line says this one is in flight.
    const { port, dbFile } = await start('debug');
    const token = await signIn(port);
    const body = JSON.stringify({ name: 'Last Request', email: 'last@example.com' });
    const socket = await open(port);
    const answer = readAll(socket);
    socket.write(
      'POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `Authorization: Bearer ${token}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: in-flight\r\n\r\n` +
        body.slice(0, 10),
    );
    await server!.waitForLog((l) => l.reqId === 'in-flight' && l.msg === 'incoming request');

    server!.child.kill('SIGTERM');
    await server!.waitForLog((l) => l.msg.startsWith('shutting down'));
    socket.end(body.slice(10));

    const response = await answer;
    expect(response).toMatch(/^HTTP\/1\.1 201 Created\r\n/);
    expect(response).toContain('"email":"last@example.com"');
    expect(await server!.exited).toBe(0);
    expect(server!.stderr).toBe('');
    // A clean close of the last connection checkpoints SQLite's WAL and removes it.
    expect(existsSync(`${dbFile}-wal`)).toBe(false);
    const db = new SQLite(dbFile, { readonly: true });
    expect(db.prepare('select email from users order by id').all()).toEqual([
      { email: admin.email },
      { email: 'last@example.com' },
    ]);
    db.close();
  });

  it('exits 0 on SIGINT too', async () => {
    await start();
    server!.child.kill('SIGINT');
    expect(await server!.exited).toBe(0);
  });

  it.each([
    ['PORT', 'abc', 'Configuration error: PORT="abc" is invalid: expected an integer from 0 to 65535'],
    ['LOG_LEVEL', 'loud', 'Configuration error: LOG_LEVEL="loud" is invalid: expected one of'],
  ])('stops with one line naming %s when it is %s', async (name, value, message) => {
    const result = await runTs('src/server.ts', [], { cwd: dir, env: { [name]: value } });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
    expect(result.stdout).toBe('');
  });
});
