import { describe, expect, it } from 'vitest';
import { AppError, codeForStatus, ERROR_CODES } from '../../src/errors.js';
import { isConsolePath } from '../../src/plugins/errors.js';

describe('AppError and codes', () => {
  it('carries the code of its status', () => {
    for (const [status, code] of Object.entries(ERROR_CODES)) {
      expect(new AppError(Number(status) as keyof typeof ERROR_CODES, 'x').code).toBe(code);
    }
  });

  it('gives every status a code, falling back by class', () => {
    expect(codeForStatus(409)).toBe('conflict');
    expect(codeForStatus(418)).toBe('bad_request');
    expect(codeForStatus(502)).toBe('internal_error');
  });

  it('tells console routes (which reload to the page) from every other path', () => {
    for (const path of ['/console', '/console/', '/console/users', '/console/users/7?tab=x']) {
      expect(isConsolePath(path), path).toBe(true);
    }
    for (const path of ['/', '/api/v1/users', '/users/1', '/consoles', '/admin', '/index.html', '/healthz']) {
      expect(isConsolePath(path), path).toBe(false);
    }
  });
});
