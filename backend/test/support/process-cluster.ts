import { expect } from 'vitest';
import { createDb, type Db } from '../../src/db/dialect.js';
import { dialect } from './app.js';
import { httpRequest } from './http-client.js';
import {
  ADMIN,
  processDatabase,
  startServer,
  testPort,
  type PortOwner,
  type ServerProcess,
} from './server-process.js';

export interface ProcessCluster {
  /** The database every server of the cluster is started on. */
  database: Awaited<ReturnType<typeof processDatabase>>;
  /** A direct handle on that database, for the test to seed and read it. */
  db: Db;
  /** The servers started so far and not yet stopped, in the order they were started. */
  servers: ServerProcess[];
  /**
   * Starts the owner's `index`th server (its port from testPort) with the cluster's environment
   * and `env` on top, and resolves once it listens. Several called together start together.
   */
  start: (index: number, env?: Record<string, string>) => Promise<ServerProcess>;
  /** Stops every server started so far (a killed one is only waited for) and forgets them. */
  stop: () => Promise<void>;
  /** Stops the servers, closes `db` and drops the database. */
  close: () => Promise<void>;
}

/**
 * Server processes on one process database, as the deploy tests run them: a fresh database
 * (processDatabase), servers started on it by index with `env` (DATABASE_URL and PORT are set
 * here), and a direct Kysely handle on the same database. The handle opens its connection on
 * first use, so it may be made before the first server has migrated the database.
 */
export async function processCluster(
  owner: PortOwner,
  env: Record<string, string> = {},
): Promise<ProcessCluster> {
  const database = await processDatabase();
  const db =
    dialect === 'postgres'
      ? createDb({ dialect: 'postgres', url: database.url, poolSize: 2 })
      : createDb({ dialect: 'sqlite', path: database.url.slice('sqlite:'.length), url: database.url });
  const servers: ServerProcess[] = [];
  const stop = async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  };
  return {
    database,
    db,
    servers,
    start: async (index, extra = {}) => {
      const server = startServer(
        { PORT: String(testPort(owner, index)), DATABASE_URL: database.url, ...env, ...extra },
        database.dir,
      );
      servers.push(server);
      await server.waitForLog((l) => String(l.msg).startsWith('Server listening'), 'listening');
      return server;
    },
    stop,
    close: async () => {
      await stop();
      await db.destroy();
      await database.drop();
    },
  };
}

/** Signs the process servers' admin (ADMIN) in and answers the access token. */
export async function signInAdmin(server: ServerProcess): Promise<string> {
  const res = await httpRequest(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  expect(res.status, res.text()).toBe(200);
  return res.json<{ data: { access_token: string } }>().data.access_token;
}
