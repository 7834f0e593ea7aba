import { ping, type Db } from '../db/dialect.js';
import { UnavailableError } from '../errors.js';

/** Readiness: the database answers a trivial query. The driver's error goes to the log as the cause. */
export async function assertDatabaseAnswers(db: Db): Promise<void> {
  try {
    await ping(db);
  } catch (cause) {
    throw new UnavailableError('The database is not answering', { cause });
  }
}
