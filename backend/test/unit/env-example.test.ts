import { parseEnv } from 'node:util';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';

const root = new URL('../../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

/** The variables loadConfig reads, found by watching which names it looks up. */
function variablesConfigReads(): string[] {
  const seen = new Set<string>();
  const env = new Proxy(
    {},
    {
      get: (_target, name) => {
        if (typeof name === 'string') seen.add(name);
        return undefined;
      },
    },
  );
  loadConfig(env);
  return [...seen].sort();
}

describe('.env.example and the README', () => {
  const variables = variablesConfigReads();

  it('finds the variables config reads', () => {
    expect(variables).toEqual(expect.arrayContaining(['DATABASE_URL', 'PORT', 'JWT_SECRET']));
  });

  it('lists every variable in .env.example, each with a comment, and nothing else', () => {
    const example = read('.env.example');
    expect(Object.keys(parseEnv(example)).sort()).toEqual(variables);
    // Each variable, or each small group of them, sits under its own comment.
    const lines = example.split('\n');
    const isVariable = (line = '') => /^[A-Z_]+=/.test(line);
    for (const [i, line] of lines.entries()) {
      if (!isVariable(line)) continue;
      let above = i - 1;
      while (isVariable(lines[above])) above--;
      expect(lines[above], line).toMatch(/^# /);
    }
  });

  it('gives a configuration that loads as it stands', () => {
    expect(() => loadConfig(parseEnv(read('.env.example')))).not.toThrow();
  });

  it('has a row for every variable in the README configuration table', () => {
    const readme = read('README.md');
    for (const name of variables) expect(readme).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
  });
});
