import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ASSET = '/assets/index-Bx7kQ2mD.js';
export const PAGE =
  '<!doctype html><html><head><script type="module" src="/assets/index-Bx7kQ2mD.js"></script></head><body><main id="app"></main></body></html>';

/** A built console as Vite lays it out: index.html and hashed files under assets/. */
export function consoleBuild(): string {
  const root = mkdtempSync(join(tmpdir(), 'ums-console-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), PAGE);
  // Large enough to be worth compressing.
  writeFileSync(
    join(root, ASSET.slice(1)),
    `export const rows = ${JSON.stringify(Array.from({ length: 300 }, (_, i) => `row ${i}`))};\n`,
  );
  for (const dir of [root, join(root, 'assets')]) chmodSync(dir, 0o755);
  return root;
}
