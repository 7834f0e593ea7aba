import { ConfigError, integer, read, type Env } from './read.js';

export type DatabaseConfig =
  | { readonly dialect: 'sqlite'; readonly path: string; readonly url: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly poolSize: number };

/** A URL fit for an error message: another scheme's URL (mysql://u:pw@h) may hold a password too. */
function withoutPassword(url: string): string {
  return url.replace(/^([^:/?#]+:\/\/[^:/?#@]*):[^/?#]*@/, '$1:***@');
}

export function parseDatabase(env: Env): DatabaseConfig {
  const url = read(env, 'DATABASE_URL') ?? 'sqlite:./data/app.db';
  const poolSize = integer(env, 'DATABASE_POOL_SIZE', 10, 1, 1000);
  if (url.startsWith('sqlite:')) {
    // sqlite:./a.db and sqlite:/abs.db as written; the URL forms sqlite://a.db and
    // sqlite:///abs.db drop the two slashes of the empty authority.
    const path = url.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === '') {
      throw new ConfigError(`DATABASE_URL="${url}" is invalid: expected sqlite:<path> or sqlite::memory:`);
    }
    return { dialect: 'sqlite', path, url };
  }
  if (/^postgres(ql)?:\/\/.+/.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError(`DATABASE_URL is invalid: not a parsable postgres:// URL`);
    }
    return { dialect: 'postgres', url, poolSize };
  }
  throw new ConfigError(
    `DATABASE_URL="${withoutPassword(url)}" is invalid: expected sqlite:<path> or postgres://user@host:port/database`,
  );
}
