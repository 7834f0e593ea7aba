// Runs a backend entry point: `node backend/run.mjs scripts/db migrate`.
// From the TypeScript source when tsx is installed (development, CI); from the compiled
// dist/ when it is not (a production install has no dev dependencies), so the same
// `npm run db:*` commands work in both.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('Usage: node backend/run.mjs <entry, e.g. scripts/db> [arguments]');
  process.exit(2);
}

let source = true;
try {
  const { register } = await import('tsx/esm/api');
  register();
} catch {
  source = false;
}

const file = fileURLToPath(new URL(source ? `./${entry}.ts` : `./dist/${entry}.js`, import.meta.url));
if (!existsSync(file)) {
  console.error(`${file} does not exist${source ? '' : ': run `npm run build` first'}`);
  process.exit(2);
}
process.argv = [process.argv[0], file, ...args];
await import(new URL(`file://${file}`).href);
