import { ValidationError } from '../errors.js';
import type { PasswordPolicy } from '../security/password-policy.js';
import { hashPassword } from '../security/passwords.js';

/** Checks a new password against the policy (a ValidationError naming the rule) and hashes it. */
export async function hashAcceptablePassword(
  policy: PasswordPolicy,
  password: string,
  email: string,
  field = 'password',
): Promise<string> {
  const problem = policy.problem(password, email);
  if (problem) throw new ValidationError({ [field]: [problem] }, `Password ${problem}`);
  return hashPassword(password);
}
