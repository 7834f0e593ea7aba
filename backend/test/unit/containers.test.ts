import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { execForm, readDockerfile } from '../support/dockerfile.js';

// No Docker engine runs here: these check what can be checked without one. The build steps
// themselves run in test/deploy/production-install.test.ts.
const ROOT = new URL('../../../', import.meta.url);

interface Service {
  image?: string;
  build?: { context: string; target: string };
  env_file?: string | string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  command?: string[];
  ports?: string[];
  healthcheck?: unknown;
}

const compose = parse(readFileSync(new URL('compose.yaml', ROOT), 'utf8')) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const docker = readDockerfile(new URL('Dockerfile', ROOT));

describe('compose.yaml', () => {
  it('has the app, PostgreSQL 17, nginx, Redis and a migration step', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'migrate', 'nginx', 'postgres', 'redis']);
    expect(compose.services.postgres?.image).toBe('postgres:17');
    expect(compose.services.app?.build).toEqual({ context: '.', target: 'app' });
    expect(compose.services.nginx?.build).toEqual({ context: '.', target: 'web' });
  });

  it('keeps data in named volumes', () => {
    const named = Object.keys(compose.volumes);
    expect(named).toContain('postgres-data');
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) expect(named).toContain(volume.split(':')[0]);
    }
  });

  it('takes settings from an env file whose example names every secret', () => {
    for (const name of ['app', 'migrate', 'postgres'])
      expect(compose.services[name]?.env_file).toBe('deploy/app.env');
    const example = readFileSync(new URL('deploy/app.env.example', ROOT), 'utf8');
    for (const key of [
      'JWT_SECRET',
      'POSTGRES_PASSWORD',
      'DATABASE_URL',
      'METRICS_TOKEN',
      'WEB_CONCURRENCY',
    ]) {
      expect(example).toMatch(new RegExp(`^${key}=`, 'm'));
    }
    expect(readFileSync(new URL('.gitignore', ROOT), 'utf8')).toMatch(/^deploy\/\*\.env$/m);
  });

  it('migrates as its own step before the app, which does not migrate', () => {
    expect(compose.services.migrate?.command).toEqual(['npm', 'run', 'db:migrate']);
    expect(compose.services.app?.environment?.MIGRATE_ON_START).toBe('false');
    expect(compose.services.app?.depends_on?.migrate).toEqual({
      condition: 'service_completed_successfully',
    });
    expect(compose.services.migrate?.depends_on?.postgres).toEqual({ condition: 'service_healthy' });
  });

  it('publishes only nginx; the app trusts the one proxy hop in front of it', () => {
    const published = Object.entries(compose.services).filter(([, s]) => s.ports);
    expect(published.map(([name]) => name)).toEqual(['nginx']);
    expect(compose.services.app?.environment?.TRUST_PROXY).toBe('1');
    expect(compose.services.nginx?.depends_on?.app).toEqual({ condition: 'service_healthy' });
  });
});

describe('Dockerfile', () => {
  const stages = docker.filter((i) => i.keyword === 'FROM').map((i) => i.args);
  const app = docker.filter((i) => i.stage === 'app');

  it('builds in stages on Node 24 LTS slim and ends with the app', () => {
    expect(docker.find((i) => i.keyword === 'ARG')?.args).toBe('NODE_IMAGE=node:24.18-slim');
    expect(stages).toEqual(['${NODE_IMAGE} AS build', 'nginx:1.27 AS web', '${NODE_IMAGE} AS app']);
  });

  it('runs the app as a user other than root, from compiled JavaScript', () => {
    const user = app.find((i) => i.keyword === 'USER')?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(execForm(app.find((i) => i.keyword === 'CMD')!.args)).toEqual([
      'node',
      '--max-semi-space-size=8',
      '--heap-growing-percent=30',
      'backend/dist/src/server.js',
    ]);
    expect(app.find((i) => i.keyword === 'ENV')?.args).toContain('NODE_ENV=production');
  });

  it('checks health on /readyz', () => {
    const check = app.find((i) => i.keyword === 'HEALTHCHECK')!.args;
    expect(check).toMatch(/--interval=\S+/);
    expect(execForm(check).join(' ')).toContain('/readyz');
  });

  it('puts no dev dependency, source or test into the app image', () => {
    const build = docker.filter((i) => i.stage === 'build' && i.keyword === 'RUN').map((i) => i.args);
    expect(build).toContain('npm prune --omit=dev');
    const copied = app.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    for (const line of copied) expect(line).toMatch(/^--from=build /);
    expect(copied.join('\n')).not.toMatch(/\bsrc\b|\btest\b/);
  });

  it('builds the web image from deploy/nginx.conf and the built console', () => {
    const web = docker.filter((i) => i.stage === 'web' && i.keyword === 'COPY').map((i) => i.args);
    expect(web).toContain('deploy/nginx.conf /etc/nginx/conf.d/default.conf');
    expect(web).toContain('--from=build /app/frontend/dist /usr/share/nginx/html');
  });
});
