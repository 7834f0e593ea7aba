import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const TEST_DIR = fileURLToPath(new URL('..', import.meta.url));

/**
 * Test files run one after another in a worker that keeps its modules (`isolate: false` in
 * vitest.config.ts, decision 0007). What one file mocks or stubs would then reach the files
 * after it, or miss modules that an earlier file already loaded.
 */
const LEAKS: [RegExp, string][] = [
  [/\bvi\.(mock|doMock|unmock|doUnmock|resetModules|importMock)\(/, 'replaces modules for the whole worker'],
  [/\bvi\.(stubEnv|stubGlobal)\(/, 'changes a global the next file would see'],
  [/\bprocess\.env(\.\w+|\[[^\]]+\])\s*=[^=]/, 'changes the environment the next file would see'],
];

const testFiles = (readdirSync(TEST_DIR, { recursive: true }) as string[]).filter(
  (file) => file.endsWith('.ts') && !file.includes('node_modules'),
);

describe('test files that share a worker', () => {
  it('finds the test files', () => {
    expect(testFiles.length).toBeGreaterThan(50);
  });

  it('leave no module mocked and no global changed for the files after them', () => {
    const found: string[] = [];
    for (const file of testFiles) {
      const text = readFileSync(`${TEST_DIR}/${file}`, 'utf8');
      for (const [pattern, why] of LEAKS) {
        const match = pattern.exec(text);
        if (match) found.push(`${file}: ${match[0].trim()} ${why}`);
      }
      if (/\bvi\.useFakeTimers\(/.test(text) && !/\bvi\.useRealTimers\(/.test(text)) {
        found.push(`${file}: vi.useFakeTimers without vi.useRealTimers leaves the clock faked`);
      }
    }
    // Pass the dependency in (as buildApp takes a logger or a counter store), or give the file
    // a project of its own with isolate: true.
    expect(found).toEqual([]);
  });
});
