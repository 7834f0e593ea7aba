import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * Test files share a worker with the files run before and after them (`isolate: false` in
 * vitest.config.ts): modules stay loaded and globals stay set. A file that replaces a module,
 * changes a global or the environment, or fakes the clock would reach the files after it, and
 * its own mocks would miss modules an earlier file loaded; so such a file gets a fresh worker,
 * in the `-isolated` project of its database.
 */
const REASONS: [RegExp, string][] = [
  [/\bvi\.(mock|doMock|unmock|doUnmock|resetModules|importMock)\(/, 'replaces modules'],
  [/\bvi\.(stubEnv|stubGlobal|useFakeTimers)\(/, 'changes a global'],
  [/\bprocess\.env(\.\w+|\[[^\]]+\])\s*=[^=]/, 'changes the environment'],
];

/** Why a test file needs a worker of its own, or null when it can share one. */
export function ownWorkerReason(source: string): string | null {
  for (const [pattern, reason] of REASONS) {
    const found = pattern.exec(source);
    if (found) return `${found[0].trim()} ${reason}`;
  }
  return null;
}

/** The test files under backendDir/test that need a worker of their own, as Vitest names them. */
export function filesNeedingOwnWorker(backendDir: string): string[] {
  return (readdirSync(join(backendDir, 'test'), { recursive: true }) as string[])
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => `test/${file.split(sep).join('/')}`)
    .filter((file) => ownWorkerReason(readFileSync(join(backendDir, file), 'utf8')) !== null)
    .sort();
}
