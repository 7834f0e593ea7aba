import type SQLite from 'better-sqlite3';
import { ReferenceNode, SelectAllNode, SelectQueryNode, type CompiledQuery } from 'kysely';
import type { Db } from '../dialect.js';
import { sqliteConnectionOf } from './handles.js';

/**
 * Runs a compiled query. On SQLite a read is run on the connection directly when no
 * transaction is open on it: Kysely's way (a lock on the connection, a chain of promises, the
 * result pipeline) cost a read of one user more than the read itself. The rows are the same,
 * since the handle has no Kysely plugin (sqliteConnectionOf answers only then). While a
 * transaction is open, the query waits for it through Kysely, as it would have: running beside
 * it would see its uncommitted writes.
 */
export async function runCompiled<R>(
  db: Db,
  query: CompiledQuery<R>,
  parameters: readonly unknown[],
): Promise<R[]> {
  const connection = sqliteConnectionOf(db)?.database;
  if (connection && !connection.inTransaction) {
    const statement = connection.prepare(query.sql);
    if (statement.reader) {
      return namesItsColumns(query) ? rowsOf<R>(statement, parameters) : (statement.all(parameters) as R[]);
    }
  }
  return (await db.executeQuery<R>({ ...query, parameters })).rows;
}

const explicit = new WeakMap<CompiledQuery, boolean>();

/**
 * Whether a query names each column it selects (no `*`, no `table.*`): only then do its result
 * columns follow from its text alone. SQLite prepares a statement again by itself after the
 * schema changes, and a `*` may then stand for other columns, in another order.
 */
function namesItsColumns(query: CompiledQuery): boolean {
  let answer = explicit.get(query);
  if (answer === undefined) {
    const node = query.query;
    answer =
      SelectQueryNode.is(node) &&
      (node.selections ?? []).every(({ selection }) =>
        ReferenceNode.is(selection) ? !SelectAllNode.is(selection.column) : !SelectAllNode.is(selection),
      );
    explicit.set(query, answer);
  }
  return answer;
}

const columnNames = new WeakMap<SQLite.Statement, string[]>();

/**
 * The statement's rows as objects, built here from its raw arrays: better-sqlite3 builds row
 * objects more slowly (a page of 21 users: 61 µs, against 47 µs this way). Only for queries
 * that name their columns, whose names are then those of the statement's text. The statement is
 * shared with Kysely's path, which expects objects, so raw mode is switched off again at once.
 */
function rowsOf<R>(statement: SQLite.Statement, parameters: readonly unknown[]): R[] {
  let names = columnNames.get(statement);
  if (!names) columnNames.set(statement, (names = statement.columns().map((c) => c.name)));
  let values: unknown[][];
  try {
    values = statement.raw(true).all(parameters) as unknown[][];
  } finally {
    statement.raw(false);
  }
  const rows = new Array<R>(values.length);
  for (let r = 0; r < values.length; r++) {
    const row: Record<string, unknown> = {};
    const value = values[r]!;
    for (let c = 0; c < names.length; c++) row[names[c]!] = value[c];
    rows[r] = row as R;
  }
  return rows;
}
