import SQLite from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BackupError, backupSqlite, restoreSqlite } from '../../src/db/backup.js';

describe('SQLite backup and restore', () => {
  let dir: string;
  let live: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ums-backup-'));
    live = join(dir, 'app.db');
    const db = new SQLite(live);
    db.pragma('journal_mode = WAL');
    db.exec(
      "create table users (id integer primary key, email text); insert into users (email) values ('a@x'), ('b@x')",
    );
    db.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('copies the database and checks the copy', async () => {
    const summary = await backupSqlite(live, join(dir, 'out', 'copy.db'));
    expect(summary.users).toBe(2);
    const copy = new SQLite(join(dir, 'out', 'copy.db'), { readonly: true });
    expect(copy.prepare('select email from users order by id').pluck().all()).toEqual(['a@x', 'b@x']);
    copy.close();
  });

  it('includes changes still in the write-ahead log of an open connection', async () => {
    const writer = new SQLite(live);
    writer.pragma('journal_mode = WAL');
    writer.prepare("insert into users (email) values ('c@x')").run();
    try {
      expect((await backupSqlite(live, join(dir, 'copy.db'))).users).toBe(3);
    } finally {
      writer.close();
    }
  });

  it('never overwrites an existing file or backs up a missing database', async () => {
    writeFileSync(join(dir, 'taken.db'), 'x');
    await expect(backupSqlite(live, join(dir, 'taken.db'))).rejects.toThrow(/already exists/);
    await expect(backupSqlite(join(dir, 'none.db'), join(dir, 'copy.db'))).rejects.toThrow(/no database at/);
  });

  it('restores into a new file, and keeps the database it replaces', async () => {
    await backupSqlite(live, join(dir, 'copy.db'));
    const fresh = join(dir, 'new', 'app.db');
    expect(await restoreSqlite(join(dir, 'copy.db'), fresh)).toMatchObject({ users: 2, kept: null });

    const other = new SQLite(join(dir, 'other.db'));
    other.exec(
      "create table users (id integer primary key, email text); insert into users (email) values ('z@x')",
    );
    other.close();
    const result = await restoreSqlite(join(dir, 'other.db'), fresh);
    expect(result).toMatchObject({ users: 1, kept: `${fresh}.before-restore` });
    expect(existsSync(`${fresh}.before-restore`)).toBe(true);
    const db = new SQLite(fresh, { readonly: true });
    expect(db.prepare('select email from users').pluck().all()).toEqual(['z@x']);
    db.close();
  });

  it('refuses to replace a database another connection has open', async () => {
    await backupSqlite(live, join(dir, 'copy.db'));
    const server = new SQLite(live);
    server.pragma('journal_mode = WAL');
    try {
      await expect(restoreSqlite(join(dir, 'copy.db'), live)).rejects.toThrow(/in use by a running server/);
    } finally {
      server.close();
    }
  });

  it('refuses a file that is not a database of this app', async () => {
    writeFileSync(join(dir, 'junk.db'), 'not a database at all, just text '.repeat(200));
    await expect(restoreSqlite(join(dir, 'junk.db'), join(dir, 'x.db'))).rejects.toBeInstanceOf(BackupError);
    const empty = new SQLite(join(dir, 'empty.db'));
    empty.exec('create table things (id integer)');
    empty.close();
    await expect(restoreSqlite(join(dir, 'empty.db'), join(dir, 'x.db'))).rejects.toThrow(
      /has no users table/,
    );
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });
});
