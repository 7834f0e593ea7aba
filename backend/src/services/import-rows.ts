import { ROLES, type Role } from '../domain/roles.js';
import { SETTABLE_STATUSES } from '../domain/statuses.js';
import { ValidationError } from '../errors.js';
import { EMAIL_PATTERN } from '../schemas/common.js';
import { ARGON2ID_HASH, BCRYPT_HASH } from '../security/passwords.js';
import type { ImportColumn, ImportRecord } from './import-file.js';
import { runsAsFormula } from './spreadsheet-cells.js';
import { cleanName } from './text.js';
import { normalizeEmail } from './user-fields.js';

/**
 * One row of an import on its own: each cell checked by the rules the API applies to the same
 * field (the name by cleanName, the email by the API's pattern and normalizeEmail), plus what
 * only a file can bring: a cell a spreadsheet would run as a formula, a password hash.
 */

export interface RowProblem {
  column: ImportColumn | null;
  message: string;
}

/** A row that passed: its fields, cleaned; absent means the file left the cell empty. */
export interface ImportRowFields {
  email: string;
  name?: string;
  role?: Role;
  /** `invited` comes from an invitation, not a file */
  status?: (typeof SETTABLE_STATUSES)[number];
  password_hash?: string;
  must_change_password?: boolean;
}

export type CheckedRow = { row: number; fields: ImportRowFields } | { row: number; problems: RowProblem[] };

const EMAIL = new RegExp(EMAIL_PATTERN);
const TRUE = new Set(['true', '1', 'yes']);
const FALSE = new Set(['false', '0', 'no', '']);

/**
 * Argon2id hashes whose verification would cost more than sign-in can afford (memory in KiB,
 * iterations, lanes), and bcrypt's cost: a hash beyond them is refused rather than stored.
 */
const ARGON2_LIMITS = { m: 256 * 1024, t: 16, p: 16 };
const BCRYPT_MAX_COST = 15;

export function hashProblem(hash: string): string | null {
  if (BCRYPT_HASH.test(hash)) {
    const cost = Number(hash.slice(4, 6));
    return cost > BCRYPT_MAX_COST ? `bcrypt cost ${cost} is above ${BCRYPT_MAX_COST}` : null;
  }
  if (ARGON2ID_HASH.test(hash)) {
    const [m, t, p] = /m=(\d+),t=(\d+),p=(\d+)/.exec(hash)!.slice(1).map(Number) as [number, number, number];
    if (m > ARGON2_LIMITS.m || t > ARGON2_LIMITS.t || p > ARGON2_LIMITS.p || t < 1 || p < 1 || m < 8 * p)
      return `argon2id parameters m=${m},t=${t},p=${p} are outside m≤${ARGON2_LIMITS.m}, t≤${ARGON2_LIMITS.t}, p≤${ARGON2_LIMITS.p}`;
    return null;
  }
  return 'must be an argon2id hash in PHC form ($argon2id$v=19$…) or a bcrypt hash ($2b$…)';
}

function choice<T extends string>(value: string, allowed: readonly T[]): T | undefined {
  const folded = value.toLowerCase();
  return allowed.find((a) => a === folded);
}

/** Checks one row's cells; every problem of the row is reported, not only the first. */
export function checkRecord(record: ImportRecord): CheckedRow {
  const problems: RowProblem[] = [];
  const text: Partial<Record<ImportColumn, string>> = {};
  for (const [column, value] of Object.entries(record.cells) as [ImportColumn, unknown][]) {
    if (value === undefined || value === null) continue;
    if (column === 'must_change_password' && typeof value === 'boolean') {
      text[column] = String(value);
      continue;
    }
    if (typeof value !== 'string') {
      problems.push({ column, message: 'must be text' });
      continue;
    }
    if (runsAsFormula(value) || runsAsFormula(value.trim())) {
      problems.push({
        column,
        message: `starts with "${JSON.stringify(value.trim()[0] ?? value[0]).slice(1, -1)}", which a spreadsheet would run as a formula`,
      });
      continue;
    }
    text[column] = value.trim();
  }
  const fields: Partial<ImportRowFields> = {};
  const field = (column: ImportColumn, check: (value: string) => void) => {
    const value = text[column];
    if (value === undefined || value === '') return;
    try {
      check(value);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const messages of Object.values(error.fieldErrors))
        for (const message of messages) problems.push({ column, message });
    }
  };
  if (!text.email && !problems.some((p) => p.column === 'email'))
    problems.push({ column: 'email', message: 'is required' });
  field('email', (value) => {
    if (!EMAIL.test(value)) throw new ValidationError({ email: ['is not an e-mail address'] });
    fields.email = normalizeEmail(value);
  });
  field('name', (value) => (fields.name = cleanName(value)));
  field('role', (value) => {
    fields.role = choice(value, ROLES);
    if (!fields.role) throw new ValidationError({ role: [`must be one of ${ROLES.join(', ')}`] });
  });
  field('status', (value) => {
    fields.status = choice(value, SETTABLE_STATUSES);
    if (!fields.status)
      throw new ValidationError({ status: [`must be one of ${SETTABLE_STATUSES.join(', ')}`] });
  });
  field('password_hash', (value) => {
    const problem = hashProblem(value);
    if (problem) throw new ValidationError({ password_hash: [problem] });
    fields.password_hash = value;
  });
  if (text.must_change_password !== undefined) {
    const value = text.must_change_password.toLowerCase();
    if (TRUE.has(value)) fields.must_change_password = true;
    else if (!FALSE.has(value))
      problems.push({ column: 'must_change_password', message: 'must be true or false (or 1, 0, yes, no)' });
  }
  if (problems.length > 0) return { row: record.row, problems };
  return { row: record.row, fields: fields as ImportRowFields };
}
