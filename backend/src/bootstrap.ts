import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import type { Db } from './db/dialect.js';
import { passwordPolicy } from './security/password-policy.js';
import { ensureFirstAdmin, GENERATED_ADMIN_EMAIL, passwordBox } from './services/first-admin.service.js';

/** What start-up work needs: the app, or the cluster's primary with a database of its own. */
export interface StartupContext {
  db: Db;
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>;
}

/** Start-up work on the database once the app is ready: the first admin account. */
export async function bootstrapFirstAdmin(app: StartupContext, config: Config): Promise<void> {
  const outcome = await ensureFirstAdmin(
    app.db,
    { ...config.auth, passwordPolicy: passwordPolicy(config.auth) },
    // Printed straight to the console, never to the log, and only this once.
    (password) => console.log(passwordBox(GENERATED_ADMIN_EMAIL, password)),
  );
  if (outcome === 'created-from-env')
    app.log.info({ email: config.auth.adminEmail }, 'admin account set up from ADMIN_EMAIL');
  if (outcome === 'no-admin') {
    app.log.warn('no active admin exists: create one with `npm run user:create -- --email ... --role admin`');
  }
}
