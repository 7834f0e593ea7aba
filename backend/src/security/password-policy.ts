import { dictionary } from '@zxcvbn-ts/language-common';
import type { AuthConfig } from '../config.js';
import { normalizePassword } from './passwords.js';

/**
 * The policy for new passwords, after NIST SP 800-63B: a length, a blocklist, nothing about
 * character classes. Rules look at the password as it will be hashed (NFKC, see passwords.ts),
 * and the list and the repetition rule at a folded form too, so a listed password in another
 * case, in fullwidth letters or with spaces around it is still the listed password.
 * Decision 0121 says why; the console mirrors these rules in frontend/src/rules/user-rules.ts.
 */

export const PASSWORD_MAX = 128;

/**
 * Characters nobody can see or type on purpose: controls (NUL, tab, line breaks), format
 * characters and everything else Unicode marks default-ignorable (zero-width spaces and joiners,
 * soft hyphens, byte-order marks, variation selectors, Hangul fillers), line and paragraph
 * separators, lone surrogates, and code points not yet assigned (whose normalisation a later
 * Unicode version could change under a stored hash).
 */
export const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

// zxcvbn-ts's common-password list (about 49,000 entries from breach corpora, all lower-case
// ASCII without spaces), as one set.
const COMMON_PASSWORDS = new Set(dictionary.passwords.map((p) => p.toLowerCase()));

export const commonPasswordCount = (): number => COMMON_PASSWORDS.size;

/** Case folded (upper then lower case folds ß to ss, as Unicode's full folding does). */
const fold = (text: string): string => text.toUpperCase().toLowerCase().normalize('NFKC');

/** The form compared with the list: normalised, folded, and without any whitespace. */
const comparable = (password: string): string => fold(normalizePassword(password)).replace(/\s+/gu, '');

/** The shortest piece `chars` is made of by repeating it, or all of `chars` when it repeats nothing. */
export function repeatedUnit(chars: readonly string[]): readonly string[] {
  const n = chars.length;
  for (let size = 1; size <= n / 2; size++) {
    if (n % size !== 0) continue;
    let repeats = true;
    for (let i = size; i < n && repeats; i++) repeats = chars[i] === chars[i - size];
    if (repeats) return chars.slice(0, size);
  }
  return chars;
}

/** True when the password is a listed one once normalised, folded and stripped of spaces. */
export function isCommonPassword(password: string): boolean {
  const form = comparable(password);
  return COMMON_PASSWORDS.has(form) || COMMON_PASSWORDS.has(repeatedUnit([...form]).join(''));
}

/**
 * A password made of one piece said again and again is only as long as that piece: refused
 * when the piece is shorter than the minimum length ("aaaaaaaaaaaa", "abcabcabcabc", twelve
 * spaces, "ab ab ab ab ab ab").
 */
function isShortRepeat(password: string, minLength: number): boolean {
  const folded = fold(normalizePassword(password));
  return [folded, comparable(password)].some((form) => {
    const chars = [...form];
    const unit = repeatedUnit(chars);
    return unit.length < chars.length && unit.length < minLength;
  });
}

/** Answers the rule a new password breaks, or null when it is acceptable. */
export function passwordProblem(password: string, minLength: number, email?: string): string | null {
  if (INVISIBLE.test(password)) {
    return 'must not contain control, invisible or unassigned characters (such as tabs, line breaks or zero-width spaces)';
  }
  const length = [...normalizePassword(password)].length;
  if (length < minLength) return `must be at least ${minLength} characters`;
  if (length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (isShortRepeat(password, minLength)) return 'must not be one character or a short sequence repeated';
  if (isCommonPassword(password)) return 'is too common: it appears in lists of breached passwords';
  const localPart = fold(email?.split('@')[0] ?? '');
  if (localPart.length >= 4 && fold(normalizePassword(password)).includes(localPart)) {
    return 'must not contain your email address';
  }
  return null;
}

/** The policy for new passwords as configured: what services check and GET /settings publishes. */
export interface PasswordPolicy {
  readonly minLength: number;
  readonly maxLength: number;
  /** The rule `password` breaks, or null when it is acceptable; `email` is its account's. */
  problem(password: string, email?: string): string | null;
}

/** Builds the policy once from configuration (PASSWORD_MIN_LENGTH). */
export function passwordPolicy(config: Pick<AuthConfig, 'passwordMinLength'>): PasswordPolicy {
  const minLength = config.passwordMinLength;
  return Object.freeze({
    minLength,
    maxLength: PASSWORD_MAX,
    problem: (password: string, email?: string) => passwordProblem(password, minLength, email),
  });
}
