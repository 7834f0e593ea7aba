import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { randomBytes } from 'node:crypto';
import { findUserByEmail, insertUser, setAccountFields } from '../../src/db/users.repository.js';
import { hashPassword } from '../../src/security/passwords.js';
import type { Role } from '../../src/domain/roles.js';
import { searchKey } from '../../src/services/user-fields.js';

export type Inject = (options: InjectOptions) => Promise<LightMyRequestResponse>;

/** A password that passes the policy; every test account uses it. */
export const TEST_PASSWORD = 'correct horse battery staple 42';

let testHash: Promise<string> | undefined;

/** Inserts an account with TEST_PASSWORD straight into the database (no audit event). */
export async function createAccount(
  app: FastifyInstance,
  role: Role,
  email = `${role}-${randomBytes(4).toString('hex')}@example.com`,
): Promise<{ id: number; email: string }> {
  testHash ??= hashPassword(TEST_PASSWORD);
  const existing = await findUserByEmail(app.db, email);
  if (existing) return { id: existing.id, email };
  const now = new Date().toISOString();
  const name = `Test ${role}`;
  const row = await insertUser(app.db, {
    name,
    email,
    role,
    status: 'active',
    search_key: searchKey(name, email),
    created_at: now,
    updated_at: now,
    last_login_at: null,
    password_hash: null,
  });
  await setAccountFields(app.db, row.id, { password_hash: await testHash });
  return { id: row.id, email };
}

export async function login(app: FastifyInstance, email: string, password = TEST_PASSWORD) {
  return app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
}

/** Creates an account of the role and signs it in through the API. */
export async function signIn(app: FastifyInstance, role: Role, email?: string) {
  const account = await createAccount(app, role, email ?? `${role}@example.com`);
  const res = await login(app, account.email);
  if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
  const body = res.json<{ data: { access_token: string } }>();
  const cookie = res.cookies.find((c) => c.name === 'refresh_token')?.value ?? '';
  return { ...account, token: body.data.access_token, refreshToken: cookie };
}

/** An inject that sends the token unless the request brings its own Authorization header. */
export function signedInInject(app: FastifyInstance, token: string): Inject {
  return (options) =>
    app.inject({ ...options, headers: { authorization: `Bearer ${token}`, ...(options.headers ?? {}) } });
}
