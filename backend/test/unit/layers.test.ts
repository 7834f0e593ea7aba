import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * What the import checker cannot see: dependency-cruiser (`npm run lint:deps`) holds the import
 * rules, and this test the words that would break them without an import — a service building
 * an HTTP header or checking which database it runs on.
 */

const SRC = new URL('../../src/', import.meta.url);

function sources(folder: string): { name: string; text: string }[] {
  const dir = new URL(`${folder}/`, SRC);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ name: `${folder}/${name}`, text: readFileSync(new URL(name, dir), 'utf8') }));
}

describe('layers', () => {
  it('reads the files it checks', () => {
    expect(sources('services').length).toBeGreaterThan(10);
  });

  it('keeps HTTP out of the services and errors.ts', () => {
    const files = [
      ...sources('services'),
      { name: 'errors.ts', text: readFileSync(new URL('errors.ts', SRC), 'utf8') },
    ];
    for (const { name, text } of files) {
      expect(text, name).not.toMatch(/statusCode|Retry-After|WWW-Authenticate|\breply\b/);
    }
  });

  it('keeps dialect checks and SQL out of the services', () => {
    for (const { name, text } of sources('services')) {
      expect(text, name).not.toMatch(/\bisPostgres\b|\bisSqlite\b|\bsql`/);
    }
  });
});
