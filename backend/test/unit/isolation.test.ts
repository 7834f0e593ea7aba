import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesNeedingOwnWorker, ownWorkerReason } from '../support/isolation.js';

// The sources are put together from parts, so that this file itself shares workers.
const vi = (call: string) => `vi.${call};`;
const env = (rest: string) => `process.env${rest};`;

describe('which test files get a worker of their own', () => {
  it.each([
    [vi("mock('../../src/security/passwords.js', () => ({}))"), 'replaces modules'],
    [vi('doMock(path, factory)'), 'replaces modules'],
    [vi('resetModules()'), 'replaces modules'],
    [vi("stubEnv('LOG_LEVEL', 'debug')"), 'changes a global'],
    [vi('useFakeTimers()'), 'changes a global'],
    [env(".LOG_LEVEL = 'debug'"), 'changes the environment'],
    [env("['TZ'] = 'UTC'"), 'changes the environment'],
  ])('a file with %s', (source, reason) => {
    expect(ownWorkerReason(`import { vi } from 'vitest';\n${source}\n`)).toContain(reason);
  });

  it.each([
    [vi("spyOn(console, 'log')")],
    [`if (${env(".CI === 'true'")}) throw new Error('x');`],
    [`const level = ${env(".LOG_LEVEL ?? 'info'")}`],
  ])('not a file with only %s (spies are restored after each file)', (source) => {
    expect(ownWorkerReason(source)).toBeNull();
  });

  it('finds them anywhere under test/, named as Vitest names them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ums-isolation-'));
    try {
      mkdirSync(join(dir, 'test', 'http'), { recursive: true });
      writeFileSync(join(dir, 'test', 'http', 'mocks.test.ts'), vi("mock('x')"));
      writeFileSync(join(dir, 'test', 'http', 'plain.test.ts'), "it('works', () => {});\n");
      writeFileSync(join(dir, 'test', 'support.ts'), vi("mock('x')"));
      expect(filesNeedingOwnWorker(dir)).toEqual(['test/http/mocks.test.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
