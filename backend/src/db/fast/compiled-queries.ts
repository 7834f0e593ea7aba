import type { Compilable, CompiledQuery } from 'kysely';
import type { Db } from '../types.js';
import { hasFastPath } from './handles.js';
import { runCompiled } from './raw-rows.js';

// Queries compiled once and run with new values: the lookups and pages every request makes.

/**
 * A query of fixed shape, built and compiled once per database handle and then run with new
 * parameters: for the lookups every request makes, where building and compiling the query
 * cost as much as running it. `build` must pass its parameters into the query untouched;
 * `standIns` are values like real ones, one of the sets it is checked with (checkedCompile).
 */
export function compiledOnce<P extends unknown[], R>(
  build: (db: Db, ...params: P) => Compilable<R>,
  standIns: P,
): (db: Db, ...params: P) => Promise<R[]> {
  const names = standIns.map((_, i) => `parameter ${i + 1}`);
  const compiled = new WeakMap<Db, Checked<R>>();
  return async (db, ...params) => {
    if (!hasFastPath(db)) return (await db.executeQuery<R>(build(db, ...params))).rows;
    let entry = compiled.get(db);
    if (!entry) {
      entry = checkedCompile('compiledOnce', names, (values) => build(db, ...(values as P)), [standIns]);
      compiled.set(db, entry);
    }
    const { query, order, inOrder } = entry;
    if (checkingEveryRun) assertSameQuery('compiledOnce', query, order, () => build(db, ...params), params);
    return runCompiled(db, query, inOrder ? params : order.map((i) => params[i]));
  };
}

/**
 * compiledOnce for a query whose shape follows the request (which filters, which sort, whether
 * it continues from a cursor): compiled once per distinct `shape` and database handle, then run
 * with new values. `build` must turn every value into a parameter untouched, and nothing else
 * (checkedCompile), so no request's value is kept in a compiled query and no value decides
 * the SQL. Whatever changes the SQL itself belongs in `shape`, which is keyed by its JSON: it
 * holds only what JSON writes faithfully (booleans, strings, numbers; no Set, Map or Date, which
 * all write as `{}` or a string), or two shapes would share one query (caught in tests).
 */
export function compiledByShape<S extends object, V, R>(
  build: (db: Db, shape: S, values: V) => Compilable<R>,
  names: readonly (keyof V & string)[],
): (db: Db, shape: S, values: V) => Promise<R[]> {
  const compiled = new WeakMap<Db, Map<string, Checked<R>>>();
  const valuesOf = (list: readonly unknown[]) =>
    Object.fromEntries(names.map((name, i) => [name, list[i]])) as V;
  return async (db, shape, values) => {
    if (!hasFastPath(db)) return (await db.executeQuery<R>(build(db, shape, values))).rows;
    let shapes = compiled.get(db);
    if (!shapes) compiled.set(db, (shapes = new Map<string, Checked<R>>()));
    const key = JSON.stringify(shape);
    let entry = shapes.get(key);
    if (!entry) {
      entry = checkedCompile(`compiledByShape ${key}`, names, (list) => build(db, shape, valuesOf(list)));
      shapes.set(key, entry);
    }
    if (checkingEveryRun) {
      const list = names.map((name) => values[name]);
      assertSameQuery(
        `compiledByShape ${key}`,
        entry.query,
        entry.order,
        () => build(db, shape, values),
        list,
      );
    }
    return runCompiled(
      db,
      entry.query,
      entry.order.map((i) => values[names[i]!]),
    );
  };
}

interface Checked<R> {
  query: CompiledQuery<R>;
  /** For each parameter of the query, the index of the value it takes. */
  order: number[];
  /** Whether the parameters are the values, each once, in order. */
  inOrder: boolean;
}

/**
 * Stand-ins besides the naming strings, each set unlike them in type, truthiness and size, so
 * a builder that looks at a value (`if (v.role)`, `v.limit > 100 ? …`, `v.after !== null`,
 * `v.count === 0`) builds other SQL or other parameters with one of the sets than with another.
 * Each falsy value of each type is here, since `!== null`, `!== ''` and `!== 0` are the usual
 * tests for "no value" and every other stand-in passes them. Kysely itself inlines a null or a
 * boolean after `is` (`where(c, 'is', v.x)`): those sets catch that too. A comparison with one
 * particular value (`v.role === 'admin'`) no stand-in can foresee: see checkEveryRun.
 */
const OTHER_STAND_INS: ((i: number) => unknown)[] = [
  (i) => 2 ** 40 + i,
  () => undefined,
  () => null,
  () => 0,
  () => '',
  () => false,
  () => true,
];

/**
 * Compiles the query built with stand-ins, refusing it unless each value is passed through
 * untouched. It is built with strings that name each value, which give the order of the
 * parameters (any other parameter is a value taken from elsewhere), and again with each other
 * set of stand-ins: a different SQL text means the builder branches on a value, which would
 * freeze that branch for every later call; a parameter that is not the stand-in means it
 * computes from a value. Both fail here, at first use, instead of answering wrongly later.
 */
function checkedCompile<R>(
  what: string,
  names: readonly string[],
  build: (values: readonly unknown[]) => Compilable<R>,
  moreStandIns: readonly (readonly unknown[])[] = [],
): Checked<R> {
  const naming = names.map((name) => `\u0000${name}`);
  const query = build(naming).compile();
  const order = query.parameters.map((parameter) => {
    const index = naming.indexOf(parameter as string);
    if (index < 0) throw new Error(`${what}: parameter ${String(parameter)} is not a value`);
    return index;
  });
  const others = [...OTHER_STAND_INS.map((standIn) => names.map((_, i) => standIn(i))), ...moreStandIns];
  for (const values of others)
    assertSameQuery(what, query, order, () => build(values), values, 'other stand-ins');
  const inOrder = order.length === names.length && order.every((index, k) => index === k);
  return { query, order, inOrder };
}

/**
 * Throws unless the query built with `values` is `query` with `values` as its parameters, in
 * `order`: the same SQL text (else the builder branches on a value) and each parameter the very
 * value (else it computes from one).
 */
function assertSameQuery(
  what: string,
  query: CompiledQuery,
  order: readonly number[],
  build: () => Compilable<unknown>,
  values: readonly unknown[],
  which = "this run's values",
): void {
  let again: CompiledQuery;
  try {
    again = build().compile();
  } catch (error) {
    throw new Error(`${what}: building with ${which} failed; the builder must not read values`, {
      cause: error,
    });
  }
  if (again.sql !== query.sql) {
    throw new Error(
      `${what}: the builder branches on a value (with ${which} the SQL differs); ` +
        `put what decides the SQL in the shape.\n  ${query.sql}\n  ${again.sql}`,
    );
  }
  const expected = order.map((i) => values[i]);
  if (
    again.parameters.length !== expected.length ||
    again.parameters.some((p, k) => !Object.is(p, expected[k]))
  ) {
    throw new Error(`${what}: the builder computes a parameter from a value; pass values through untouched`);
  }
}

let checkingEveryRun = false;

/**
 * Whether every run of a compiled query is built again with its own values and held to the
 * compiled one (assertSameQuery). No stand-in foresees a comparison with one particular value
 * (`$if(v.role === 'admin', …)`): such a builder compiles the stand-ins' branch and would serve
 * it to every call. Building per run costs what compiling once saves, so the test suite turns
 * this on (test/support/check-compiled-queries.ts) and the server leaves it off: any test that
 * takes such a branch then fails with the builder's SQL beside the compiled one.
 */
export function checkEveryRun(on: boolean): void {
  checkingEveryRun = on;
}
