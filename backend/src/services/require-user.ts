import { NotFoundError } from '../errors.js';

/**
 * The row a lookup of one user found, or the NotFoundError every service answers for a user
 * that is not there: `const row = await requireUser(users.findUserById(db, id))`.
 */
export async function requireUser<Row>(lookup: Promise<Row | undefined>): Promise<Row> {
  const row = await lookup;
  if (!row) throw new NotFoundError('User not found');
  return row;
}
