import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const backendDir = fileURLToPath(new URL('../..', import.meta.url));

// tsx as a loader in one Node process (the one running the tests, so the Node 24 run spawns
// Node 24): signals reach the script itself, with no wrapper process in between.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export interface SpawnOptions {
  /** Variables for the child on top of PATH and HOME; nothing else is inherited. */
  env: Record<string, string>;
  /** Working directory; a temp dir keeps a developer's `.env` out of the test. */
  cwd: string;
}

export function startTs(script: string, args: string[], options: SpawnOptions): ChildProcess {
  return spawn(process.execPath, ['--import', tsxLoader, `${backendDir}/${script}`, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript script to its end and collects what it printed. */
export function runTs(script: string, args: string[], options: SpawnOptions): Promise<Finished> {
  const child = startTs(script, args, options);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
