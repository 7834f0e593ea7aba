import { describe, expect, it, vi } from 'vitest';

// Counts argon2 verifications: the work a password check does, without timing it.
const verifications = vi.hoisted(() => ({ count: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const argon2 = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...argon2,
    verify: (...args: Parameters<typeof argon2.verify>) => {
      verifications.count += 1;
      return argon2.verify(...args);
    },
  };
});

const { checkPassword, hashPassword } = await import('../../src/security/passwords.js');

async function verificationsFor(passwordHash: string, password: string) {
  verifications.count = 0;
  const result = await checkPassword(passwordHash, password);
  return { valid: result.valid, verifications: verifications.count };
}

describe('the cost of a password check', () => {
  // Fullwidth letters: a form NFKC changes, so the check also tries it as typed (old hashes).
  const typedOnAnotherKeyboard = 'Ｍｙ long passphrase 2026';

  it('is the same for the right password and a wrong one, so its time tells nothing', async () => {
    const stored = await hashPassword('My long passphrase 2026');
    const right = await verificationsFor(stored, typedOnAnotherKeyboard);
    const wrong = await verificationsFor(stored, 'Ｍｙ long passphrase 2027');
    expect(right.valid).toBe(true);
    expect(wrong.valid).toBe(false);
    expect(right.verifications).toBe(wrong.verifications);
  });

  it('checks a password that normalisation leaves alone only once', async () => {
    const stored = await hashPassword('My long passphrase 2026');
    expect(await verificationsFor(stored, 'My long passphrase 2026')).toEqual({
      valid: true,
      verifications: 1,
    });
    expect(await verificationsFor(stored, 'My long passphrase 2027')).toEqual({
      valid: false,
      verifications: 1,
    });
  });
});
