import type SQLite from 'better-sqlite3';
import { ReferenceNode, SelectAllNode, SelectQueryNode, type Compilable, type CompiledQuery } from 'kysely';
import { sqliteDatabaseOf, type Db } from './dialect.js';

// Queries compiled once and run with new values: the lookups and pages every request makes.
// On SQLite they run past Kysely when they can (runCompiled); dialect.ts opens the connection.

/**
 * A query of fixed shape, built and compiled once per database handle and then run with new
 * parameters: for the lookups every request makes, where building and compiling the query
 * cost as much as running it. `build` receives stand-ins for the parameters; the compiled
 * query must use each of them exactly once, in order (checked on first use).
 */
export function compiledOnce<P extends unknown[], R>(
  build: (db: Db, ...params: P) => Compilable<R>,
  standIns: P,
): (db: Db, ...params: P) => Promise<R[]> {
  const compiled = new WeakMap<Db, CompiledQuery<R>>();
  return async (db, ...params) => {
    if (db.isTransaction) return (await db.executeQuery<R>(build(db, ...params))).rows;
    let query = compiled.get(db);
    if (!query) {
      query = build(db, ...standIns).compile();
      if (query.parameters.length !== standIns.length || query.parameters.some((p, i) => p !== standIns[i])) {
        throw new Error(`compiledOnce: the query does not use its parameters once each, in order`);
      }
      compiled.set(db, query);
    }
    return runCompiled(db, query, params);
  };
}

/**
 * compiledOnce for a query whose shape follows the request (which filters, which sort, whether
 * it continues from a cursor): compiled once per distinct `shape` and database handle, then run
 * with new values. `build` gets a stand-in for each value and must turn every one of them, and
 * nothing else, into a parameter (checked on each compile), so no request's value can be kept
 * in a compiled query. Values that change the SQL itself belong in `shape`.
 */
export function compiledByShape<S extends object, V, R>(
  build: (db: Db, shape: S, values: V) => Compilable<R>,
  names: readonly (keyof V & string)[],
): (db: Db, shape: S, values: V) => Promise<R[]> {
  type Compiled = { query: CompiledQuery<R>; order: (keyof V)[] };
  const compiled = new WeakMap<Db, Map<string, Compiled>>();
  const standIns = Object.fromEntries(names.map((name) => [name, `\u0000${name}`])) as V;
  const nameOf = new Map(names.map((name) => [`\u0000${name}`, name]));
  return async (db, shape, values) => {
    if (db.isTransaction) return (await db.executeQuery<R>(build(db, shape, values))).rows;
    let shapes = compiled.get(db);
    if (!shapes) compiled.set(db, (shapes = new Map<string, Compiled>()));
    const key = JSON.stringify(shape);
    let entry = shapes.get(key);
    if (!entry) {
      const query = build(db, shape, standIns).compile();
      const order = query.parameters.map((p) => {
        const name = typeof p === 'string' ? nameOf.get(p) : undefined;
        if (name === undefined) throw new Error(`compiledByShape: parameter ${String(p)} is not a value`);
        return name;
      });
      shapes.set(key, (entry = { query, order }));
    }
    const parameters = entry.order.map((name) => values[name]);
    return runCompiled(db, entry.query, parameters);
  };
}

/**
 * Runs a compiled query. On SQLite a read is run on the connection directly when no
 * transaction is open on it: Kysely's way (a lock on the connection, a chain of promises, the
 * result pipeline) cost a read of one user more than the read itself. The rows are the same,
 * since no Kysely plugin is installed. While a transaction is open, the query waits for it
 * through Kysely, as it would have: running beside it would see its uncommitted writes.
 */
async function runCompiled<R>(db: Db, query: CompiledQuery<R>, parameters: readonly unknown[]): Promise<R[]> {
  const connection = sqliteDatabaseOf(db);
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
