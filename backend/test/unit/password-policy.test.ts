import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  INVISIBLE as INVISIBLE_CHARACTERS,
  passwordPolicy,
  passwordProblem,
  repeatedUnit,
} from '../../src/security/password-policy.js';

const MIN = 12;
const INVISIBLE = /control, invisible or unassigned characters/;
const REPEATED = 'must not be one character or a short sequence repeated';
const COMMON = 'is too common: it appears in lists of breached passwords';

describe('the password policy against trivial passwords', () => {
  it.each([
    ['twelve spaces', ' '.repeat(12), REPEATED],
    ['one letter twelve times', 'aaaaaaaaaaaa', REPEATED],
    ['a short sequence repeated', 'abcabcabcabc', REPEATED],
    ['a short sequence repeated with spaces between', 'ab ab ab ab ab ab', REPEATED],
    ['a repeated sequence shorter than the minimum', 'passwordpassword', REPEATED],
    ['a listed password in capitals', 'PASSWORD1234', COMMON],
    ['a listed password with a trailing space', 'password1234 ', COMMON],
    ['a listed password with spaces around it', '  password1234\u3000', COMMON],
    ['a listed password with a space inside', 'password 1234', COMMON],
    ['a listed password in fullwidth letters', 'ｐａｓｓｗｏｒｄ１２３４', COMMON],
    ['a listed password said twice', 'password1234password1234', COMMON],
  ])('refuses %s', (_case, password, problem) => {
    expect(passwordProblem(password, MIN)).toBe(problem);
  });

  it.each([
    ['a NUL after eleven characters', 'abcdefghijk\u0000'],
    ['a tab', 'correct\thorse battery'],
    ['a line break', 'correct horse\nbattery'],
    ['a line separator', 'correct horse\u2028battery'],
    ['a zero-width space padding a listed password', 'password1234\u200b'],
    ['a zero-width joiner', 'correct horse\u200dbattery'],
    ['a byte-order mark', '\ufeffcorrect horse battery'],
    ['a soft hyphen', 'correct horse bat\u00adtery'],
    ['a variation selector', 'correct horse battery\ufe0f'],
    ['a Hangul filler', 'correct horse\u3164battery'],
    ['a bidirectional override', 'correct horse \u202ebattery'],
    ['a lone surrogate', 'correct horse battery\ud800'],
    ['an unassigned code point', 'correct horse battery\u0378'],
  ])('refuses %s, saying why', (_case, password) => {
    expect(passwordProblem(password, MIN)).toMatch(INVISIBLE);
  });

  it('counts length after normalisation: combining accents are part of their letter', () => {
    // Ten letters and a space, typed with combining accents: fourteen code points as typed.
    const decomposed = 'résumé défi'.normalize('NFD');
    expect([...decomposed]).toHaveLength(14);
    expect(passwordProblem(decomposed, MIN)).toBe('must be at least 12 characters');
    expect(passwordProblem(`${decomposed}!`, MIN)).toBeNull();
  });

  it('still accepts passphrases, repeats of a piece as long as the minimum, and any script', () => {
    expect(passwordProblem('correct horse battery staple', MIN)).toBeNull();
    expect(passwordProblem('abcdefghijklabcdefghijkl', MIN)).toBeNull();
    expect(passwordProblem('пароль для входа', MIN)).toBeNull();
    expect(passwordProblem('ｃｏｒｒｅｃｔ ｈｏｒｓｅ ４２', MIN)).toBeNull();
    expect(passwordProblem('no composition rules at all', MIN)).toBeNull();
  });

  it('finds the email in the password after folding its case and width', () => {
    expect(passwordProblem('ＭＡＲＧＡＲＥＴ loves gardens', MIN, 'margaret@example.com')).toBe(
      'must not contain your email address',
    );
  });
});

describe('the console', () => {
  it('refuses the same invisible characters as it checks a new password while it is typed', async () => {
    const consoleRules = await readFile(
      new URL('../../../frontend/src/rules/user-rules.ts', import.meta.url),
      'utf8',
    );
    expect(consoleRules).toContain(`const INVISIBLE = /${INVISIBLE_CHARACTERS.source}/u;`);
  });
});

describe('repeatedUnit', () => {
  it('answers the shortest piece the text repeats, or the whole text', () => {
    const unit = (text: string) => repeatedUnit([...text]).join('');
    expect(unit('aaaa')).toBe('a');
    expect(unit('abab')).toBe('ab');
    expect(unit('abcabcabc')).toBe('abc');
    expect(unit('abcab')).toBe('abcab');
    expect(unit('😀😁😀😁')).toBe('😀😁');
    expect(unit('')).toBe('');
  });
});

describe('the policy object built from configuration', () => {
  it('holds the configured minimum and the fixed maximum, and checks against them', () => {
    const policy = passwordPolicy({ passwordMinLength: 16 });
    expect(policy).toMatchObject({ minLength: 16, maxLength: 128 });
    expect(policy.problem('fifteen chars ok')).toBeNull();
    expect(policy.problem('fifteen chars!!')).toBe('must be at least 16 characters');
    expect(policy.problem('x'.repeat(60) + 'y'.repeat(69))).toBe('must be at most 128 characters');
    expect(policy.problem('alice bakes bread 2026', 'alice@example.com')).toBe(
      'must not contain your email address',
    );
  });

  it('cannot be changed once built', () => {
    const policy = passwordPolicy({ passwordMinLength: 12 });
    expect(() => Object.assign(policy, { minLength: 1 })).toThrow(TypeError);
  });
});
