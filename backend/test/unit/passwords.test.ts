import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import {
  commonPasswordCount,
  isCommonPassword,
  passwordPolicy,
  passwordProblem,
} from '../../src/security/password-policy.js';
import {
  checkPassword,
  hashing,
  hashPassword,
  HASH_PARAMS,
  needsRehash,
  verifyPassword,
} from '../../src/security/passwords.js';
import { hashAcceptablePassword } from '../../src/services/passwords.service.js';

const MIN = 12;
const GOOD = 'plenty of words in a row';

describe('the password policy (NIST SP 800-63B)', () => {
  it('accepts a long password with no particular mix of characters', () => {
    expect(passwordProblem(GOOD, MIN)).toBeNull();
  });

  it('counts length in characters (code points), not UTF-16 units', () => {
    // Each emoji is two UTF-16 units: 11 of them are 22 units but 11 characters.
    const emoji = (n: number) => String.fromCodePoint(...Array.from({ length: n }, (_, i) => 0x1f600 + i));
    expect(passwordProblem(emoji(11), MIN)).toBe('must be at least 12 characters');
    expect(passwordProblem(emoji(12), MIN)).toBeNull();
    expect(passwordProblem(emoji(128), MIN)).toBeNull();
  });

  it('honours the minimum it is given (PASSWORD_MIN_LENGTH)', () => {
    expect(passwordProblem('fifteen chars!!', 16)).toBe('must be at least 16 characters');
    expect(passwordProblem('sixteen chars!!!', 16)).toBeNull();
  });

  it('allows at most 128 characters', () => {
    const long = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(4);
    expect(passwordProblem(long.slice(0, 128), MIN)).toBeNull();
    expect(passwordProblem(long.slice(0, 129), MIN)).toBe('must be at most 128 characters');
  });

  it('refuses common passwords whatever their case', () => {
    for (const password of ['qwerty123456', 'QWERTY123456', 'FinalFantasy', 'finalfantasy']) {
      expect(passwordProblem(password, MIN)).toBe('is too common: it appears in lists of breached passwords');
    }
  });

  it("bundles at least 49,000 common passwords, every one of zxcvbn-ts's list", () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(49_000);
    const missing = dictionary.passwords.filter(
      (p) => !isCommonPassword(p) || !isCommonPassword(p.toUpperCase()),
    );
    expect(missing).toEqual([]);
  });

  it("refuses a password containing the email's local part when that part has 4 or more characters", () => {
    expect(passwordProblem('Alice in wonderland 2026', MIN, 'alice@example.com')).toBe(
      'must not contain your email address',
    );
    expect(passwordProblem('dave the brave 2026', MIN, 'dave@example.com')).toBe(
      'must not contain your email address',
    );
    // Three characters are too few to rule out: "bob" is in many good passphrases.
    expect(passwordProblem('bob builds bridges 2026', MIN, 'bob@example.com')).toBeNull();
    expect(passwordProblem('Alice in wonderland 2026', MIN)).toBeNull();
  });

  it('names the rule in a validation error for the field it was given', async () => {
    const policy = passwordPolicy({ passwordMinLength: MIN });
    const error = await hashAcceptablePassword(policy, 'too short', 'x@example.com', 'new_password').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      message: 'Password must be at least 12 characters',
      fieldErrors: { new_password: ['must be at least 12 characters'] },
    });
  });
});

describe('password hashes', () => {
  it('are argon2id with the parameters in force, and verify only the right password', async () => {
    const stored = await hashPassword(GOOD);
    const { memoryCost: m, timeCost: t, parallelism: p } = HASH_PARAMS;
    expect(stored.startsWith(`$argon2id$v=19$m=${m},t=${t},p=${p}$`)).toBe(true);
    expect(m).toBeGreaterThanOrEqual(19_456);
    expect(t).toBeGreaterThanOrEqual(2);
    expect(await verifyPassword(stored, GOOD)).toBe(true);
    expect(await verifyPassword(stored, `${GOOD}!`)).toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it.each([
    ['less memory', { memoryCost: 8192, timeCost: 2, parallelism: 1, algorithm: 2 }],
    ['fewer iterations', { memoryCost: 19456, timeCost: 1, parallelism: 1, algorithm: 2 }],
    ['more lanes', { memoryCost: 19456, timeCost: 2, parallelism: 2, algorithm: 2 }],
    ['argon2i', { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 1 }],
  ])('need rehashing when made with %s, and still verify until then', async (_case, options) => {
    const stored = await hash(GOOD, options);
    expect(needsRehash(stored)).toBe(true);
    expect(await verifyPassword(stored, GOOD)).toBe(true);
  });

  it('are made from the NFKC form, so the same password typed in fullwidth letters matches', async () => {
    const stored = await hashPassword('ｃｏｒｒｅｃｔ ｈｏｒｓｅ ４２');
    expect(await verify(stored, 'correct horse 42')).toBe(true);
    expect(await checkPassword(stored, 'correct horse 42')).toEqual({ valid: true, stale: false });
    expect(await checkPassword(stored, 'ｃｏｒｒｅｃｔ ｈｏｒｓｅ ４２')).toEqual({
      valid: true,
      stale: false,
    });
  });

  it('made before passwords were normalised still verify the password as typed, and need remaking', async () => {
    const typed = 'cafe\u0301 au lait, ｓｉｌ ｖｏｕｓ ｐｌａîｔ';
    const legacy = await hash(typed, { ...HASH_PARAMS, algorithm: 2 });
    expect(needsRehash(legacy)).toBe(false);
    expect(await checkPassword(legacy, typed)).toEqual({ valid: true, stale: true });
    expect(await checkPassword(legacy, 'café au lait, sil vous plaît')).toEqual({
      valid: false,
      stale: false,
    });
  });

  it('need rehashing when they are not argon2 at all, and such a hash never verifies', async () => {
    const bcrypt = '$2b$10$abcdefghijklmnopqrstuuMEdmq7Qy8.0d1M6j5Lw1gqkF5wH3pW2';
    expect(needsRehash(bcrypt)).toBe(true);
    expect(await verifyPassword(bcrypt, GOOD)).toBe(false);
    expect(await verifyPassword('not a hash', GOOD)).toBe(false);
  });
});

describe('hashing under load', () => {
  it('runs at most one hash per core but one at a time and queues the rest', async () => {
    const limit = Math.max(1, availableParallelism() - 1);
    const burst = Array.from({ length: limit + 3 }, (_, i) => hashPassword(`burst password ${i}`));
    await new Promise((resolve) => setImmediate(resolve));
    // Everything past the limit waits in the queue instead of taking a core from the event loop.
    expect(hashing.activeCount).toBe(limit);
    expect(hashing.pendingCount).toBe(3);
    const hashes = await Promise.all(burst);
    expect(new Set(hashes).size).toBe(limit + 3);
    expect(await verifyPassword(hashes[limit + 2]!, `burst password ${limit + 2}`)).toBe(true);
    expect(hashing.activeCount + hashing.pendingCount).toBe(0);
  });
});
