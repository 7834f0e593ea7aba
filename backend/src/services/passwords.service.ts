import { ValidationError } from '../errors.js';
import { passwordProblem } from '../security/password-policy.js';
import { hashPassword } from '../security/passwords.js';

/** Checks a new password against the policy (422 naming the rule) and hashes it. */
export async function hashAcceptablePassword(
  password: string,
  email: string,
  minLength: number,
  field = 'password',
): Promise<string> {
  const problem = passwordProblem(password, minLength, email);
  if (problem) throw new ValidationError({ [field]: [problem] }, `Password ${problem}`);
  return hashPassword(password);
}
