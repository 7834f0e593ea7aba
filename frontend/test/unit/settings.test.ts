import { afterEach, describe, expect, it } from 'vitest';
import { Api, ApiError } from '../../src/api.ts';
import { ConsoleClient } from '../../src/client.ts';
import { auditCatalogReader, checkSettings, loadSettings } from '../../src/settings.ts';
import { CATALOG, SETTINGS } from '../support/settings.ts';
import { fail, ok, serve, type TestServer } from './http-stub.ts';

describe("the server's rules, read over real HTTP", () => {
  let server: TestServer;
  afterEach(async () => {
    await server?.close();
  });
  const clientOf = (s: TestServer) => new ConsoleClient(new Api({ baseUrl: s.baseUrl }));

  it('reads the settings from the public route, without a token', async () => {
    const longer = { ...SETTINGS, password_policy: { min_length: 16, max_length: 64 } };
    server = await serve(() => ok(longer));
    expect(await loadSettings(clientOf(server))).toEqual(longer);
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /api/v1/settings']);
    expect(server.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('refuses settings without the lists and lengths the console relies on', () => {
    expect(() => checkSettings({ ...SETTINGS, roles: [] })).toThrow(ApiError);
    expect(() => checkSettings({ ...SETTINGS, statuses: 'active' })).toThrow(/unexpected settings/);
    expect(() => checkSettings({ ...SETTINGS, password_policy: { min_length: '12' } })).toThrow(ApiError);
    expect(() => checkSettings({ ...SETTINGS, max_per_page: undefined })).toThrow(ApiError);
    expect(() => checkSettings(null)).toThrow(ApiError);
  });

  it('passes on a failure to read them, so the start page can offer to try again', async () => {
    server = await serve(() => fail(503, 'unavailable', 'Down for maintenance'));
    await expect(loadSettings(clientOf(server))).rejects.toMatchObject({ status: 503 });
  });

  it('reads the audit actions once, and again after a failure', async () => {
    let answers = 0;
    server = await serve(() => (++answers === 1 ? fail(500, 'internal', 'Something broke') : ok(CATALOG)));
    const catalog = auditCatalogReader(clientOf(server));
    await expect(catalog()).rejects.toMatchObject({ status: 500 });
    expect(await catalog()).toEqual(CATALOG);
    expect(await catalog()).toEqual(CATALOG);
    expect(server.seen.map((r) => r.url)).toEqual(['/api/v1/audit/actions', '/api/v1/audit/actions']);
  });
});
