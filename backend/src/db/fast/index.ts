/**
 * The fast path: how the lookups and pages every request makes cost less than Kysely's general
 * way, and the rules that keeps them correct. Each rule is checked next to the code that relies
 * on it, and the check fails loudly; tests under test/db/ break each rule and expect the failure.
 * Code outside this folder imports it from here.
 *
 * What is here:
 * - compiledOnce, compiledByShape (compiled-queries.ts): queries built and compiled once per
 *   handle (and shape), then run with each call's values;
 * - runCompiled (raw-rows.ts): on SQLite, compiled reads run on the connection past Kysely, their
 *   rows built from raw arrays;
 * - keptWhileUnchanged (kept-answers.ts): answers kept while the database is unchanged, which
 *   the session check uses;
 * - the SQLite connection's statement cache and change generation (sqlite-connection.ts);
 * - named prepared statements on PostgreSQL (pg-prepared-statements.ts), a patch of each pooled
 *   client's query().
 *
 * The rules, and what checks each:
 * 1. Only a handle createDb made takes the fast path (enableFastPath). Transactions and handles
 *    derived from it (withPlugin, withSchema, …) build every query afresh through Kysely.
 * 2. That handle has no Kysely plugin: a compiled query would keep the plugin's rewrite of its
 *    first build, and raw rows skip the plugin's result transform. enableFastPath throws when it
 *    has one; the raw path checks the handle's plugins again on every run.
 * 3. A compiled query's builder passes each value into the query untouched and never looks at
 *    one; whatever decides the SQL goes in the shape. Checked at the first compile of each
 *    query (and shape) by building it with several sets of stand-ins (checkedCompile), and, in
 *    the test suite, on every run with that run's values (checkEveryRun), which catches a
 *    comparison with one particular value that no stand-in foresees.
 * 4. Raw reads never run beside an open transaction, whose uncommitted writes they would see:
 *    checked on every run (`inTransaction`), and then the read waits through Kysely.
 * 5. Rows are built from column names only for queries that name each column (a `*` stands
 *    for other columns after the schema changes): checked per query (namesItsColumns).
 * 6. A kept answer goes to every caller, so it must be frozen: checked when it is kept. It is
 *    kept only while counters that move after a change, never before, stay the same:
 *    total_changes() (rows, counted by SQLite), data_version (other connections' commits) and
 *    this connection's writing statements and execs, counted after each run. No writer has to
 *    report itself: a write through any statement, however and whenever prepared, in a
 *    transaction or not, DDL included, from this process or another, drops every kept answer.
 *    PostgreSQL cannot tell cheaply that others wrote, so nothing is kept there.
 * 7. PostgreSQL: no `select *` is a named statement, since its plan breaks when the table's
 *    columns change (selectsAnyStar), and at most STATEMENT_CACHE_SIZE texts are named.
 *
 * Why each part exists, with its measurements: docs/decisions/0101, 0102 and 0135.
 */

export { checkEveryRun, compiledByShape, compiledOnce } from './compiled-queries.js';
export { changeGeneration, enableFastPath, hasFastPath, sqliteConnectionOf } from './handles.js';
export { keptWhileUnchanged } from './kept-answers.js';
export { usePreparedStatements } from './pg-prepared-statements.js';
export { LazySqliteConnection } from './sqlite-connection.js';
