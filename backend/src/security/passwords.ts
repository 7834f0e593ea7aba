import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';

/**
 * Argon2id at OWASP's minimum (19 MiB, 2 iterations, 1 lane). @node-rs/argon2 hashes on libuv's
 * thread pool, off the event loop. Parameters travel inside each PHC string, so raising these
 * numbers rehashes every account at its next sign-in (see needsRehash).
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
 */
// @node-rs/argon2's Algorithm is a const enum, which isolated modules cannot read; 2 is Argon2id.
const ARGON2ID = 2;
export const HASH_PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * Argon2 is slow and memory-hard on purpose; left to libuv's four threads, a burst of sign-ins
 * takes every core from the event loop and every other request waits. Hashing runs at most one
 * per core but one, queued beyond that, so reads stay fast while sign-ins wait their turn.
 */
export const hashing = pLimit(Math.max(1, availableParallelism() - 1));

export function hashPassword(password: string): Promise<string> {
  return hashing(() => hash(password, { ...HASH_PARAMS, algorithm: ARGON2ID }));
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await hashing(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}

/** True when a stored hash is weaker than (or different from) what we hash with today. */
export function needsRehash(passwordHash: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(passwordHash);
  if (!match) return true;
  const [, m, t, p] = match.map(Number);
  return m !== HASH_PARAMS.memoryCost || t !== HASH_PARAMS.timeCost || p !== HASH_PARAMS.parallelism;
}

let dummyHash: Promise<string> | undefined;

/**
 * Verifies against a throwaway hash, so a sign-in for an unknown email costs as much as one
 * for a known email and the answer time tells nothing.
 */
export async function burnVerifyTime(password: string): Promise<void> {
  dummyHash ??= hashPassword('dummy password that matches nothing');
  await verifyPassword(await dummyHash, password);
}

export const PASSWORD_MAX = 128;

// zxcvbn-ts's common-password list (about 49,000 entries from breach corpora), as one set.
const COMMON_PASSWORDS = new Set(dictionary.passwords.map((p) => p.toLowerCase()));

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

export const commonPasswordCount = (): number => COMMON_PASSWORDS.size;

/**
 * NIST SP 800-63B: length, a blocklist, and nothing about character classes.
 * Answers the rule that failed, or null when the password is acceptable.
 */
export function passwordProblem(password: string, minLength: number, email?: string): string | null {
  const length = [...password].length;
  if (length < minLength) return `must be at least ${minLength} characters`;
  if (length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (isCommonPassword(password)) return 'is too common: it appears in lists of breached passwords';
  const localPart = email?.split('@')[0]?.toLowerCase() ?? '';
  if (localPart.length >= 4 && password.toLowerCase().includes(localPart)) {
    return 'must not contain your email address';
  }
  return null;
}
