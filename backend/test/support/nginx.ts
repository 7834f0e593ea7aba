import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEPLOY = new URL('../../../deploy/', import.meta.url);

/** The nginx binary, or null (one line saying so) when missing; with CI=true missing fails. */
export function nginxForTests(): string | null {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx']) {
    if (existsSync(candidate)) return candidate;
  }
  if (process.env.CI === 'true') throw new Error('nginx is not installed; CI does not skip the nginx tests');
  console.warn('nginx is not installed (apt-get install nginx): skipping the nginx tests.');
  return null;
}

export interface NginxSettings {
  /** deploy/nginx.conf or deploy/nginx-tls.conf */
  site: 'nginx.conf' | 'nginx-tls.conf';
  appPort: number;
  httpPort: number;
  httpsPort?: number;
  staticRoot: string;
  certDir?: string;
}

export interface Nginx {
  dir: string;
  accessLog: () => string;
  /** The access log once it has a line containing `text`. */
  waitForAccessLog: (text: string) => Promise<string>;
  stop: () => Promise<void>;
}

/** The deploy files with the production addresses and paths replaced by this test's. */
function rewrite(text: string, file: string, s: NginxSettings): string {
  const swaps: [string, string][] = [
    ['server app:5000;', `server 127.0.0.1:${s.appPort};`],
    ['listen 80;', `listen 127.0.0.1:${s.httpPort};`],
    ['listen 443 ssl http2;', `listen 127.0.0.1:${s.httpsPort ?? 0} ssl http2;`],
    ['root /usr/share/nginx/html;', `root ${s.staticRoot};`],
    ['/etc/nginx/certs/', `${s.certDir ?? '/nonexistent'}/`],
    ['access_log /var/log/nginx/access.log ums;', 'access_log logs/access.log ums;'],
    ['https://$host$request_uri', `https://$host:${s.httpsPort ?? 0}$request_uri`],
  ];
  let result = text;
  for (const [from, to] of swaps) result = result.replaceAll(from, to);
  // Every production address must have been replaced, or the test would not test this file.
  for (const leftover of [
    'app:5000',
    'listen 80;',
    'listen 443',
    '/usr/share/nginx',
    '/var/log/nginx',
    '/etc/nginx/certs',
  ]) {
    if (result.includes(leftover)) throw new Error(`${file}: "${leftover}" was not rewritten for the test`);
  }
  return result;
}

/** Waits for nginx to listen, or to exit; as long as it takes (the test's hang guard bounds it). */
function waitForPort(port: number, child: ChildProcess, errorLog: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null) {
        reject(
          new Error(
            `nginx exited ${child.exitCode}: ${existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : ''}`,
          ),
        );
        return;
      }
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Runs the real nginx, in the foreground, with deploy/'s configuration in a temp prefix. */
export async function startNginx(binary: string, settings: NginxSettings): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'ums-nginx-'));
  mkdirSync(join(dir, 'ums'));
  mkdirSync(join(dir, 'logs'));
  for (const name of readdirSync(new URL('nginx/', DEPLOY))) {
    const text = readFileSync(new URL(`nginx/${name}`, DEPLOY), 'utf8');
    writeFileSync(join(dir, 'ums', name), rewrite(text, name, settings));
  }
  const site = readFileSync(new URL(settings.site, DEPLOY), 'utf8');
  writeFileSync(join(dir, 'site.conf'), rewrite(site, settings.site, settings));
  // What the official image's own nginx.conf provides around conf.d/ (paths moved to the prefix).
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/logs/error.log warn;`,
      'events { worker_connections 128; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      '  default_type application/octet-stream;',
      `  client_body_temp_path ${dir}/client_body;`,
      `  proxy_temp_path ${dir}/proxy;`,
      `  fastcgi_temp_path ${dir}/fastcgi;`,
      `  uwsgi_temp_path ${dir}/uwsgi;`,
      `  scgi_temp_path ${dir}/scgi;`,
      '  include site.conf;',
      '}',
      '',
    ].join('\n'),
  );
  // nginx's workers drop root for "nobody", who must read the files.
  for (const path of [dir, join(dir, 'ums'), join(dir, 'logs')]) chmodSync(path, 0o755);
  execFileSync(binary, [
    '-t',
    '-q',
    '-p',
    dir,
    '-c',
    join(dir, 'nginx.conf'),
    '-e',
    join(dir, 'logs/error.log'),
  ]);
  const child = spawn(binary, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'logs/error.log')], {
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(settings.httpPort, child, join(dir, 'logs/error.log'));
  const accessLog = () => readFileSync(join(dir, 'logs/access.log'), 'utf8');
  return {
    dir,
    accessLog,
    // nginx logs a request as it finishes it, which may be just after the client has the answer;
    // however long that takes on a busy machine (the test's hang guard bounds the wait).
    waitForAccessLog: async (text: string) => {
      while (!accessLog().includes(text)) {
        if (child.exitCode !== null) throw new Error(`nginx exited before logging "${text}"`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return accessLog();
    },
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGQUIT'); // graceful: finish requests, then exit
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
