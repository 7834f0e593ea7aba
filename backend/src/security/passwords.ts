import { hash, verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
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

/**
 * The form a password is hashed in: Unicode NFKC, as NIST SP 800-63B advises, so the same
 * password typed on another keyboard or input method (fullwidth letters, a precomposed or a
 * combining accent) is the same password. Decision 0121.
 */
export const normalizePassword = (password: string): string => password.normalize('NFKC');

export function hashPassword(password: string): Promise<string> {
  const normalized = normalizePassword(password);
  return hashing(() => hash(normalized, { ...HASH_PARAMS, algorithm: ARGON2ID }));
}

/**
 * A bcrypt hash in modular crypt form, as other systems store them: imported users keep their
 * passwords and are rehashed to argon2id at their first sign-in (decision 0170).
 */
export const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

/** An argon2id hash in PHC form, with its parameters (any within argon2's own bounds). */
export const ARGON2ID_HASH =
  /^\$argon2id\$v=19\$m=\d{1,10},t=\d{1,10},p=\d{1,3}\$[A-Za-z0-9+/]{8,}\$[A-Za-z0-9+/]{16,}$/;

async function verifyForm(passwordHash: string, form: string): Promise<boolean> {
  try {
    // bcryptjs is plain JavaScript; it works in slices that yield to the event loop.
    if (BCRYPT_HASH.test(passwordHash)) return await hashing(() => bcrypt.compare(form, passwordHash));
    return await hashing(() => verify(passwordHash, form));
  } catch {
    return false;
  }
}

/**
 * Whether a password matches its stored hash, and whether the hash should be made again (it
 * has older parameters, or it was made before passwords were normalised).
 */
export async function checkPassword(
  passwordHash: string,
  password: string,
): Promise<{ valid: boolean; stale: boolean }> {
  const normalized = normalizePassword(password);
  const current = await verifyForm(passwordHash, normalized);
  // Hashes made before normalisation hold the password as it was typed. Only a password that
  // normalisation changes costs this second check, and it costs it whatever the account and
  // whether or not the first matched: skipped after a match, it would make a right password
  // answer in half the time of a wrong one, which a disabled account must not show (0120).
  const typed = normalized !== password && (await verifyForm(passwordHash, password));
  if (current) return { valid: true, stale: needsRehash(passwordHash) };
  if (typed) return { valid: true, stale: true };
  return { valid: false, stale: false };
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return (await checkPassword(passwordHash, password)).valid;
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
  await checkPassword(await dummyHash, password);
}
