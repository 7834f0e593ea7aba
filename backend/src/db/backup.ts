import SQLite from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Backup and restore of a SQLite database file. PostgreSQL has pg_dump and pg_restore for this
 * (docs/deployment.md), so these refuse it.
 */

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface BackupSummary {
  users: number;
  pages: number;
}

function check(path: string): BackupSummary {
  const db = new SQLite(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok')
      throw new BackupError(`${path} is damaged: integrity_check says ${String(integrity)}`);
    const hasUsers = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'users'").get();
    if (!hasUsers) throw new BackupError(`${path} is not a database of this app: it has no users table`);
    const { n } = db.prepare('select count(*) as n from users').get() as { n: number };
    const pages = db.pragma('page_count', { simple: true }) as number;
    return { users: n, pages };
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`${path} is not a readable SQLite database (${(error as Error).message})`);
  } finally {
    db.close();
  }
}

/**
 * Copies a live database with SQLite's online backup API. The copy is taken in one step, inside
 * one read transaction, so it is the database as of one moment: every change committed before
 * the backup began is in it, and no change is half in it. With WAL the server's writers do not
 * wait for it.
 */
export async function backupSqlite(source: string, out: string): Promise<BackupSummary> {
  if (!existsSync(source)) throw new BackupError(`there is no database at ${source}`);
  if (existsSync(out)) throw new BackupError(`${out} already exists; choose a new file name`);
  mkdirSync(dirname(out), { recursive: true });
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // Pages per step: all of them, so no writer can make the backup start over.
    await db.backup(out, { progress: () => Number.MAX_SAFE_INTEGER });
  } finally {
    db.close();
  }
  return check(out);
}

/**
 * Replaces the database at `target` with a backup. Refuses while any process has the target
 * open: only a database nobody uses can leave WAL mode, so that is the test. The database it
 * replaces is kept next to it as `<target>.before-restore`.
 */
export async function restoreSqlite(
  backup: string,
  target: string,
): Promise<BackupSummary & { kept: string | null }> {
  const summary = check(backup);
  let kept: string | null = null;
  if (existsSync(target)) {
    const db = new SQLite(target, { fileMustExist: true });
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('journal_mode = DELETE');
    } catch {
      throw new BackupError(
        `${target} is in use by a running server: stop the server (every worker), run the restore, then start it again`,
      );
    } finally {
      db.close();
    }
    kept = `${target}.before-restore`;
    copyFileSync(target, kept);
  } else {
    mkdirSync(dirname(target), { recursive: true });
  }
  const source = new SQLite(backup, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target, { progress: () => Number.MAX_SAFE_INTEGER });
  } finally {
    source.close();
  }
  return { ...summary, kept };
}
