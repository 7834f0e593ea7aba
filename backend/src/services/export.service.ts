import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';
import type { Db } from '../db/dialect.js';
import type { ExportQuery } from '../schemas/imports.js';
import type { User } from '../schemas/users.js';
import { recordEvent } from './audit.service.js';
import type { ActionContext } from './context.js';
import { neutraliseCell } from './spreadsheet-cells.js';
import { allUserPages } from './user-list.service.js';

/**
 * Exporting users (decision 0171): every user the list's filters match, in its sort, streamed a
 * keyset page at a time so memory stays flat at any size. Audited before the first byte: who
 * exported, in which format, with which filter.
 */

export const EXPORT_COLUMNS = [
  'id',
  'name',
  'email',
  'role',
  'status',
  'created_at',
  'updated_at',
  'last_login_at',
  'email_verified_at',
] as const satisfies readonly (keyof User)[];

export interface Export {
  contentType: string;
  filename: string;
  body: Readable;
}

async function* users(db: Db, query: ExportQuery): AsyncGenerator<User> {
  for await (const page of allUserPages(db, query)) yield* page;
}

/** A page's lines as one string: a million users are a thousand writes, not a million. */
async function* ndjson(db: Db, query: ExportQuery): AsyncGenerator<string> {
  for await (const page of allUserPages(db, query))
    yield page.map((user) => JSON.stringify(user) + '\n').join('');
}

export async function exportUsers(
  db: Db,
  ctx: ActionContext,
  query: ExportQuery,
  now = new Date(),
): Promise<Export> {
  const format = query.format ?? 'csv';
  const filter = { ...query, format: undefined };
  await recordEvent(db, {
    action: 'user.list_exported',
    actor: ctx.actor,
    changes: { format: [null, format], filter: [null, JSON.parse(JSON.stringify(filter)) as object] },
    request: ctx.request,
  });
  const filename = `users-${now.toISOString().slice(0, 10)}.${format}`;
  if (format === 'ndjson') {
    return {
      contentType: 'application/x-ndjson; charset=utf-8',
      filename,
      body: Readable.from(ndjson(db, query)),
    };
  }
  const csv = stringify({ header: true, columns: [...EXPORT_COLUMNS], cast: { string: neutraliseCell } });
  // A failure part-way (the database gone) ends the stream with the error, so the client sees a
  // cut transfer rather than a file that looks complete.
  return {
    contentType: 'text/csv; charset=utf-8',
    filename,
    body: pipeline(Readable.from(users(db, query)), csv, () => undefined),
  };
}
