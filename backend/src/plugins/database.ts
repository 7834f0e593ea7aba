import fp from 'fastify-plugin';
import type { DatabaseConfig } from '../config.js';
import { createDb, type Db, type DbOptions } from '../db/dialect.js';
import { migrateToLatest } from '../db/migrate.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

export interface DatabasePluginOptions extends DbOptions {
  database: DatabaseConfig;
  migrate: boolean;
}

/** Opens the database (SQLite or a PostgreSQL pool), migrates it if asked, closes it on close. */
export default fp<DatabasePluginOptions>(
  async (app, options) => {
    const db = createDb(options.database, options);
    app.decorate('db', db);
    app.addHook('onClose', async () => {
      await db.destroy();
    });
    if (options.migrate) {
      const { results } = await migrateToLatest(db);
      for (const result of results ?? []) {
        app.log.info({ migration: result.migrationName, status: result.status }, 'migration applied');
      }
    }
  },
  { name: 'database' },
);
