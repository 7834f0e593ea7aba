import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// The issue's budget: the console's JS and CSS together, Bootstrap included, at most 150 KB gzipped.
const BUDGET_BYTES = 150 * 1024;
const dist = fileURLToPath(new URL('../../dist', import.meta.url));

function builtFiles(): { name: string; content: Buffer }[] {
  const assets = join(dist, 'assets');
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`No build in ${dist}: run \`npm run build --workspace frontend\` first`);
  }
  return readdirSync(assets)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => ({ name, content: readFileSync(join(assets, name)) }));
}

describe('the built console', () => {
  it(`keeps its JS and CSS within ${BUDGET_BYTES / 1024} KB gzipped`, () => {
    const files = builtFiles();
    expect(files.some((f) => f.name.endsWith('.js'))).toBe(true);
    expect(files.some((f) => f.name.endsWith('.css'))).toBe(true);
    const sizes = files.map((f) => ({ name: f.name, gzipped: gzipSync(f.content).length }));
    const total = sizes.reduce((sum, f) => sum + f.gzipped, 0);
    console.info(
      `console build: ${(total / 1024).toFixed(1)} KB gzipped (${sizes.map((s) => `${s.name} ${(s.gzipped / 1024).toFixed(1)} KB`).join(', ')})`,
    );
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('loads nothing from another site (it must work on a network without internet)', () => {
    const page = readFileSync(join(dist, 'index.html'), 'utf8');
    expect(page).not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
    for (const file of builtFiles()) {
      expect(file.content.toString('utf8'), file.name).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
      expect(file.content.toString('utf8'), file.name).not.toMatch(/@import\s+["']?(url\()?\s*["']?https?:/i);
    }
  });
});
