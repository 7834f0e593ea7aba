// `npm start` runs this first: it builds the console and the server only when their sources
// changed since the build in place, so a start with nothing changed takes a second, not the
// forty of a full build. Each part is built on its own: a change to the console does not
// rebuild the server. `npm run build` still builds everything, always (docs/decisions/0149).
//
// A part's stamp holds a hash of its sources (paths and contents, so a checkout that only
// touches files rebuilds nothing) and the time its output was last written (so an output that
// another command rebuilt since is not trusted). Stamps live in node_modules/.cache: the
// console's dist/ is served as it is, and nothing else belongs in it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamps = join(root, 'node_modules', '.cache', 'build-if-changed');

/** What each part is built from, the file whose presence says it was built, and how to build it. */
const PARTS = [
  {
    name: 'console',
    workspace: 'frontend',
    sources: [
      'frontend/src',
      'frontend/public',
      'frontend/index.html',
      'frontend/vite.config.ts',
      'frontend/tsconfig.json',
      'frontend/tsconfig.app.json',
      'frontend/package.json',
      'package-lock.json',
    ],
    output: 'frontend/dist/index.html',
    // Warnings and errors only: no file list, no plugin timings.
    args: ['--logLevel', 'warn'],
  },
  {
    name: 'server',
    workspace: 'backend',
    sources: [
      'backend/src',
      'backend/scripts',
      'backend/tsconfig.json',
      'backend/tsconfig.build.json',
      'backend/package.json',
      'package-lock.json',
    ],
    output: 'backend/dist/src/server.js',
    args: [],
  },
];

/** Every file under `path` (or `path` itself), sorted, so the hash does not depend on the file system's order. */
function filesUnder(path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => filesUnder(`${path}/${entry.name}`));
}

function sourceHash(part) {
  const hash = createHash('sha256');
  for (const file of part.sources.flatMap(filesUnder)) {
    hash
      .update(`${file}\0`)
      .update(readFileSync(join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

const stampFile = (part) => join(stamps, `${part.name}.json`);
const outputTime = (part) => statSync(join(root, part.output)).mtimeMs;

function readStamp(part) {
  try {
    return JSON.parse(readFileSync(stampFile(part), 'utf8'));
  } catch {
    return null;
  }
}

function isCurrent(part, hash) {
  const stamp = readStamp(part);
  return (
    stamp !== null &&
    stamp.sources === hash &&
    existsSync(join(root, part.output)) &&
    stamp.output === outputTime(part)
  );
}

/** npm as npm itself was started (npm_execpath under `npm start`), or the one on PATH. */
function npm(args) {
  const cli = process.env.npm_execpath;
  const [command, commandArgs] =
    cli && /\.[cm]?js$/.test(cli) ? [process.execPath, [cli, ...args]] : ['npm', args];
  return spawnSync(command, commandArgs, {
    cwd: root,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
}

for (const part of PARTS) {
  const hash = sourceHash(part);
  if (isCurrent(part, hash)) {
    console.log(`The ${part.name} is up to date.`);
    continue;
  }
  console.log(`Building the ${part.name}…`);
  const started = Date.now();
  const extra = part.args.length > 0 ? ['--', ...part.args] : [];
  const result = npm(['run', '--silent', 'build', '--workspace', part.workspace, ...extra]);
  if (result.status !== 0 || !existsSync(join(root, part.output))) {
    console.error(`Building the ${part.name} failed; run \`npm run build\` to see why in full.`);
    process.exit(result.status || 1);
  }
  mkdirSync(stamps, { recursive: true });
  writeFileSync(stampFile(part), JSON.stringify({ sources: hash, output: outputTime(part) }));
  console.log(`Built the ${part.name} in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}
