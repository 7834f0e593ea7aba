import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, loadDotEnv } from '../src/config.js';
import { createDb } from '../src/db/dialect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { ROLES, type Role } from '../src/domain/roles.js';
import { DomainError } from '../src/errors.js';
import { passwordPolicy } from '../src/security/password-policy.js';
import { createAccount, resetPassword } from '../src/services/operator.service.js';

/**
 * npm run user:create -- --email a@b.c --name "Ann" --role admin
 * npm run user:set-password -- --email a@b.c
 * The password comes from USER_PASSWORD, or a prompt that does not echo it.
 */

const USAGE = [
  'usage: users create --email EMAIL --name NAME [--role admin|manager|viewer]',
  '       users set-password --email EMAIL',
  'The password is read from USER_PASSWORD, or asked for at a prompt.',
].join('\n');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function readPassword(prompt: string): Promise<string> {
  const fromEnv = process.env.USER_PASSWORD;
  if (fromEnv) return fromEnv;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (process.stdin.isTTY) {
    process.stdout.write(prompt);
    // Keep what is typed off the screen: the prompt is written once, keystrokes never.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  }
  const line = await new Promise<string>((resolve) =>
    rl.question(process.stdin.isTTY ? '' : prompt, resolve),
  );
  rl.close();
  if (process.stdin.isTTY) process.stdout.write('\n');
  return line;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  let values: { email?: string; name?: string; role?: string };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
    }));
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (command !== 'create' && command !== 'set-password') fail(USAGE);
  if (!values.email) fail(`--email is required\n${USAGE}`);
  if (command === 'create' && !values.name) fail(`--name is required\n${USAGE}`);
  const role = (values.role ?? 'viewer') as Role;
  if (!(ROLES as readonly string[]).includes(role)) fail(`--role must be one of: ${ROLES.join(', ')}`);

  loadDotEnv();
  const config = loadConfig();
  const password = await readPassword('Password: ');
  const db = createDb(config.database);
  try {
    await migrateToLatest(db);
    const policy = passwordPolicy(config.auth);
    if (command === 'create') {
      const user = await createAccount(
        db,
        { email: values.email, name: values.name!, role, password },
        policy,
      );
      console.log(`Created ${user.role} ${user.email} (id ${user.id})`);
    } else {
      await resetPassword(db, values.email, password, policy);
      console.log(`Password set for ${values.email}; their sessions were ended`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) fail(`Configuration error: ${error.message}`);
  if (error instanceof DomainError) fail(error.message);
  throw error;
});
