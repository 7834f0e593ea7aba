import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from './app.js';
import { bootstrapFirstAdmin } from './bootstrap.js';
import { runPrimary } from './cluster.js';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config.js';
import { DomainError } from './errors.js';
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

/**
 * TEST_CLOCK (an ISO time), read only with NODE_ENV=test and ignored otherwise: the clock of
 * background work (the daily runs' day, the dormant policy's "now"), so tests with real server
 * processes (test/process/daily-runs-processes.test.ts) run a day's jobs on a day they choose.
 * Not a setting: it is in no config file, and production never reads it.
 */
function testClock(config: Config): (() => Date) | undefined {
  const fixed = config.nodeEnv === 'test' ? process.env.TEST_CLOCK : undefined;
  if (!fixed) return undefined;
  const at = new Date(fixed);
  if (Number.isNaN(at.getTime()))
    throw new ConfigError(`TEST_CLOCK="${fixed}" is invalid: expected an ISO time`);
  return () => new Date(at);
}

/** One server process: the only one, or one of the cluster's workers. */
async function serve(config: Config): Promise<void> {
  const app = await buildApp(config, { now: testClock(config) });

  let closing = false;
  async function shutdown(signal: string): Promise<void> {
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
  // A worker whose primary is gone (killed with SIGKILL) stops rather than serve unsupervised.
  if (cluster.isWorker) process.on('disconnect', () => void shutdown('primary gone'));

  try {
    await app.ready();
    // With workers, the primary has done this once before forking them.
    if (cluster.isPrimary) await bootstrapFirstAdmin(app, config);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
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
}

// The primary reads the configuration first, so a generated development JWT secret is written
// once, before the workers read it.
const config = readConfig();
if (config.webConcurrency > 1 && cluster.isPrimary) await runPrimary(config);
else await serve(config);
