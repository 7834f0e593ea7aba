import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { developmentJwtSecret } from '../../src/secrets.js';

describe('developmentJwtSecret', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ums-secret-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('generates a long secret once, keeps it readable only by its owner, and reuses it', () => {
    const path = join(dir, 'data', 'jwt-secret');
    const secret = developmentJwtSecret(path);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8').trim()).toBe(secret);
    expect(developmentJwtSecret(path)).toBe(secret);
  });

  it('replaces a kept secret that is too short', () => {
    const path = join(dir, 'jwt-secret');
    writeFileSync(path, 'short\n');
    const secret = developmentJwtSecret(path);
    expect(secret).not.toBe('short');
    expect(secret.length).toBeGreaterThanOrEqual(32);
  });
});
