import { createHash } from 'node:crypto';
import type pg from 'pg';
import { STATEMENT_CACHE_SIZE } from './sqlite-connection.js';

const statementNames = new Map<string, string>();

/**
 * Whether a query's text has a `*` other than in `count(*)`: a `select *` (or `t.*`) named once
 * fails with "cached plan must not change result type" on that connection from the moment a
 * migration adds or drops a column of its table, so such queries are never named. (A `*` that
 * multiplies is left unnamed too, which costs only the planning.)
 */
function selectsAnyStar(text: string): boolean {
  return text.replace(/count\(\*\)/gi, '').includes('*');
}

/**
 * For the pool's 'connect' event. Kysely sends every PostgreSQL query unnamed, so the server
 * parses and plans it on each call; a named statement is prepared once per connection and then
 * only bound and run, which halves the time of the two lookups every signed-in request makes.
 * Only queries with parameters are named (statements like BEGIN gain nothing), and only the
 * first STATEMENT_CACHE_SIZE distinct texts, which bounds what each connection keeps on the
 * server. The name is a hash of the text, so one name never stands for two texts.
 */
export function usePreparedStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const named = (text: string): string | undefined => {
    let name = statementNames.get(text);
    if (name === undefined && statementNames.size < STATEMENT_CACHE_SIZE) {
      name = `k${createHash('sha1').update(text).digest('hex')}`;
      statementNames.set(text, name);
    }
    return name;
  };
  (client as { query: unknown }).query = (text: unknown, values?: unknown[], ...rest: unknown[]) => {
    const name =
      typeof text === 'string' && values?.length && !selectsAnyStar(text) ? named(text) : undefined;
    return name ? query({ name, text, values }, ...rest) : query(text, values, ...rest);
  };
}
