import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { ROOT } from './database.js';

export interface Started {
  child: ChildProcess;
  url: string;
  stop: () => Promise<void>;
}

async function waitForOk(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the process exited (${child.exitCode}):\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 60 s:\n${output()}`);
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `node <args>` from the project root and waits until `readyPath` answers 200. */
export async function startNode(
  args: string[],
  port: number,
  readyPath: string,
  env: Record<string, string> = {},
): Promise<Started> {
  // Something already answering there (a server a stopped run left behind) would be measured in
  // place of this one, whose own start would fail on the taken port.
  if (await answers(port))
    throw new Error(`port ${port} is already in use; stop what listens there or pass --port`);
  let output = '';
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    // Request logs go nowhere, as they would to a log shipper; errors are kept for the report.
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  await waitForOk(url + readyPath, child, () => output);
  return {
    child,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Resident memory of a process in MiB, from /proc: now (VmRSS) and its peak so far (VmHWM). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024;
  return { rss: field('VmRSS'), peak: field('VmHWM') };
}

/** Samples a process's RSS every 100 ms until stopped; answers the highest sample in MiB. */
export function sampleRss(pid: number): () => number {
  let highest = 0;
  const timer = setInterval(() => {
    try {
      highest = Math.max(highest, memoryOf(pid).rss);
    } catch {
      // the process ended
    }
  }, 100);
  return () => {
    clearInterval(timer);
    return highest;
  };
}
