import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { loggerOptions } from '../../src/logger.js';

describe('loggerOptions', () => {
  const wasTTY = process.stdout.isTTY;
  afterEach(() => {
    process.stdout.isTTY = wasTTY;
  });

  it('logs JSON lines in production, even at a terminal', () => {
    process.stdout.isTTY = true;
    const options = loggerOptions(
      loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'warn', JWT_SECRET: 'x'.repeat(32) }),
    );
    expect(options).toMatchObject({ level: 'warn' });
    expect(options).not.toHaveProperty('transport');
  });

  it('logs JSON lines when the output is not a terminal', () => {
    process.stdout.isTTY = false;
    expect(loggerOptions(loadConfig({}))).not.toHaveProperty('transport');
  });

  it('logs pretty lines for a developer at a terminal', () => {
    process.stdout.isTTY = true;
    expect(loggerOptions(loadConfig({}))).toMatchObject({ transport: { target: 'pino-pretty' } });
  });

  it('redacts credentials wherever a handler logs them', () => {
    const options = loggerOptions(loadConfig({})) as { redact: { paths: string[] } };
    expect(options.redact.paths).toEqual(
      expect.arrayContaining(['req.headers.authorization', 'req.headers.cookie', '*.password']),
    );
  });
});
