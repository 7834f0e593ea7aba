import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The import rules of the README's architecture section, checked on the source text so that
 * breaking one fails here rather than waiting for a reviewer.
 */

const SRC = new URL('../../src/', import.meta.url);

function sources(folder: string): { name: string; text: string }[] {
  const dir = new URL(`${folder}/`, SRC);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ name: `${folder}/${name}`, text: readFileSync(new URL(name, dir), 'utf8') }));
}

const importsOf = (text: string) => [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]!);

describe('layers', () => {
  it('reads the files it checks', () => {
    expect(sources('services').length).toBeGreaterThan(10);
    expect(sources('domain').length).toBeGreaterThan(2);
  });

  it('keeps domain/ free of the app: it imports only from itself', () => {
    for (const { name, text } of sources('domain')) {
      for (const path of importsOf(text)) expect(path, name).toMatch(/^\.\/[\w-]+\.js$/);
    }
  });

  it('keeps HTTP out of the services and errors.ts', () => {
    const files = [
      ...sources('services'),
      { name: 'errors.ts', text: readFileSync(new URL('errors.ts', SRC), 'utf8') },
    ];
    for (const { name, text } of files) {
      expect(
        importsOf(text).filter((path) => path.startsWith('fastify') || path.startsWith('@fastify')),
        name,
      ).toEqual([]);
      expect(text, name).not.toMatch(/statusCode|Retry-After|WWW-Authenticate|\breply\b/);
    }
  });

  it('keeps the database out of the services: no SQL, no dialect checks, only db/ modules', () => {
    for (const { name, text } of sources('services')) {
      expect(
        importsOf(text).filter((path) => path === 'kysely' || path.includes('/plugins/')),
        name,
      ).toEqual([]);
      expect(text, name).not.toMatch(/\bisPostgres\b|\bisSqlite\b|\bsql`/);
    }
  });

  it('keeps the routes away from db/: they call services', () => {
    for (const { name, text } of sources('routes')) {
      expect(
        importsOf(text).filter((path) => path.includes('/db/')),
        name,
      ).toEqual([]);
    }
  });
});
