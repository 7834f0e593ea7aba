import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { bootstrapFirstAdmin } from './bootstrap.js';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.js';
import { AppError } from './errors.js';
import { developmentJwtSecret } from './secrets.js';

/** The built console: frontend/dist next to this package, from source or from dist/. */
function defaultStaticDir(): string | null {
  for (const relative of ['../../frontend/dist', '../../../frontend/dist']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  return null;
}

function readConfig(): Config {
  try {
    loadDotEnv();
    const config = loadConfig();
    return Object.freeze({
      ...config,
      staticDir: config.staticDir ?? defaultStaticDir(),
      auth: Object.freeze({ ...config.auth, jwtSecret: config.auth.jwtSecret ?? developmentJwtSecret() }),
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

const config = readConfig();
const app = await buildApp(config);

let closing = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (closing) return;
  closing = true;
  app.log.info({ signal }, 'shutting down: finishing requests in flight');
  // close() stops accepting, waits for requests in flight, then runs onClose (the database).
  try {
    await app.close();
    process.exit(0);
  } catch (error) {
    app.log.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
process.on('SIGTERM', (signal) => void shutdown(signal));
process.on('SIGINT', (signal) => void shutdown(signal));

try {
  await app.ready();
  await bootstrapFirstAdmin(app, config);
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  console.error(`Start-up error: ${error.message}`);
  await app.close();
  process.exit(1);
}

try {
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  app.log.fatal({ err: error }, 'could not start listening');
  process.exit(1);
}
