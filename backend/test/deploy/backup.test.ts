import SQLite from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialect } from '../support/app.js';
import { httpRequest } from '../support/http-client.js';
import {
  ADMIN,
  processDatabase,
  startServer,
  testPort,
  type ServerProcess,
} from '../support/server-process.js';
import { startWriters } from '../support/writers.js';

const run = promisify(execFile);
const RUN = fileURLToPath(new URL('../../run.mjs', import.meta.url));

/** `npm run db:backup -- …` / `db:restore -- …`, as the root package.json runs them. */
async function script(args: string[], databaseUrl: string, cwd: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [RUN, 'scripts/backup', ...args], {
      cwd,
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe(`backup and restore while the server writes, on ${dialect}`, () => {
  let server: ServerProcess;
  let database: Awaited<ReturnType<typeof processDatabase>>;
  let token: string;

  beforeAll(async () => {
    database = await processDatabase();
    server = startServer({ PORT: String(testPort('backup', 0)), DATABASE_URL: database.url }, database.dir);
    await server.waitForLog((l) => String(l.msg).startsWith('Server listening'), 'the app listening');
    const login = await httpRequest(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    token = login.json<{ data: { access_token: string } }>().data.access_token;
  });

  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it.runIf(dialect === 'sqlite')(
    'backs up during writes; the restored copy has every write acknowledged before, whole',
    async () => {
      const backupFile = join(database.dir, 'backups', 'app-backup.db');
      const writers = startWriters(server.url, token);
      await writers.waitFor(30);
      const acknowledgedBefore = [...writers.acknowledged];
      const backup = await script(['backup', '--out', backupFile], database.url, database.dir);
      const acknowledgedAfterBackup = writers.acknowledged.length;
      await writers.waitFor(acknowledgedAfterBackup + 10);
      await writers.stop();
      expect(writers.failures).toEqual([]);
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toMatch(/backed up .* users, \d+ pages, integrity ok/);
      // The writers went on during the backup, so the copy is a moment, not the end.
      expect(writers.acknowledged.length).toBeGreaterThan(acknowledgedBefore.length);

      // The live database cannot be replaced under the running server.
      const refused = await script(['restore', '--in', backupFile], database.url, database.dir);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/in use by a running server: stop the server/);

      const fresh = join(database.dir, 'restored', 'app.db');
      const restore = await script(['restore', '--in', backupFile], `sqlite:${fresh}`, database.dir);
      expect(restore.code, restore.stderr).toBe(0);

      const restored = new SQLite(fresh, { readonly: true });
      try {
        expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
        const emails = new Set(
          (restored.prepare('select email from users').all() as { email: string }[]).map((r) => r.email),
        );
        for (const email of acknowledgedBefore) expect(emails.has(email), email).toBe(true);
        // Each user and its audit event were written in one transaction: the copy has both or neither.
        const orphans = restored
          .prepare(
            `select count(*) as n from users u where not exists (select 1 from audit_events a
             where a.action = 'user.created' and a.target_id = cast(u.id as text))`,
          )
          .get() as { n: number };
        expect(orphans.n).toBe(0);
        const events = restored
          .prepare(`select count(*) as n from audit_events where action = 'user.created'`)
          .get() as { n: number };
        expect(events.n).toBe(emails.size); // the first admin's creation is audited too
      } finally {
        restored.close();
      }

      // A server started on the restored file serves the restored users.
      await server.stop();
      const again = startServer(
        { PORT: String(testPort('backup', 1)), DATABASE_URL: `sqlite:${fresh}` },
        database.dir,
      );
      server = again;
      await again.waitForLog(
        (l) => String(l.msg).startsWith('Server listening'),
        'the restored app listening',
      );
      const login = await httpRequest(`${again.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      const restoredToken = login.json<{ data: { access_token: string } }>().data.access_token;
      const list = await httpRequest(
        `${again.url}/api/v1/users?q=${encodeURIComponent(acknowledgedBefore[0]!)}`,
        {
          headers: { authorization: `Bearer ${restoredToken}` },
        },
      );
      expect(list.json<{ data: { email: string }[] }>().data.map((u) => u.email)).toEqual([
        acknowledgedBefore[0],
      ]);
    },
  );

  it.runIf(dialect === 'postgres')(
    'points PostgreSQL to pg_dump, whose documented commands restore every acknowledged write',
    async () => {
      const pointed = await script(
        ['backup', '--out', join(database.dir, 'x.db')],
        database.url,
        database.dir,
      );
      expect(pointed.code).toBe(2);
      expect(pointed.stderr).toMatch(/use pg_dump -Fc and pg_restore/);

      const url = new URL(database.url);
      const schema = String(url.searchParams.get('options')).replace('-c search_path=', '');
      url.search = '';
      const dump = join(database.dir, 'app.dump');
      const writers = startWriters(server.url, token);
      await writers.waitFor(30);
      const acknowledgedBefore = [...writers.acknowledged];
      // docs/deployment.md: pg_dump --format=custom (one consistent snapshot, while the app runs).
      await run('pg_dump', ['--format=custom', `--schema=${schema}`, `--file=${dump}`, url.toString()]);
      await writers.waitFor(writers.acknowledged.length + 10);
      await writers.stop();
      expect(writers.failures).toEqual([]);

      const target = `ums_restore_${Date.now()}_${process.pid}`;
      const admin = new pg.Client({ connectionString: url.toString() });
      await admin.connect();
      await admin.query(`create database ${target}`);
      try {
        const targetUrl = new URL(url);
        targetUrl.pathname = `/${target}`;
        // A dump of one schema leaves out extensions (docs/deployment.md): create them first.
        const setup = new pg.Client({ connectionString: targetUrl.toString() });
        await setup.connect();
        await setup.query('create extension if not exists pg_trgm').catch(() => undefined);
        await setup.end();
        // docs/deployment.md: pg_restore into an empty database.
        await run('pg_restore', ['--no-owner', `--dbname=${targetUrl.toString()}`, dump]);
        const restored = new pg.Client({ connectionString: targetUrl.toString() });
        await restored.connect();
        try {
          const { rows } = await restored.query<{ email: string }>(`select email from ${schema}.users`);
          const emails = new Set(rows.map((r) => r.email));
          for (const email of acknowledgedBefore) expect(emails.has(email), email).toBe(true);
          const orphans = await restored.query<{ n: string }>(
            `select count(*) as n from ${schema}.users u where not exists (select 1 from ${schema}.audit_events a
             where a.action = 'user.created' and a.target_id = u.id::text)`,
          );
          expect(Number(orphans.rows[0]?.n)).toBe(0);
        } finally {
          await restored.end();
        }
      } finally {
        await admin.query(`drop database if exists ${target} with (force)`);
        await admin.end();
      }
    },
  );
});
