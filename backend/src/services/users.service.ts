import { toIso, toIsoOrNull, isUniqueViolation, type Db } from '../db/dialect.js';
import type { UserRow, UserRowUpdate } from '../db/types.js';
import * as repo from '../db/users.repository.js';
import { conflict, notFound, preconditionFailed, validationFailed } from '../errors.js';
import type { CreateUserBody, ListUsersQuery, UpdateUserBody, User } from '../schemas/users.js';
import type { Precondition } from './precondition.js';
import { satisfies } from './precondition.js';

export const NAME_MAX = 100;
export const EMAIL_MAX = 254;

export interface Page<T> {
  items: T[];
  meta: { page: number; per_page: number; total: number; pages: number };
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    status: row.status,
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
    last_login_at: toIsoOrNull(row.last_login_at),
    version: row.version,
  };
}

export function normalizeName(raw: string): string {
  const name = raw.trim();
  const length = [...name].length;
  if (length < 1 || length > NAME_MAX) {
    throw validationFailed({ name: [`must be 1 to ${NAME_MAX} characters`] });
  }
  return name;
}

export function normalizeEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > EMAIL_MAX) {
    throw validationFailed({ email: [`must be at most ${EMAIL_MAX} characters`] });
  }
  return email;
}

export function searchKey(name: string, email: string): string {
  return `${name}\n${email}`.toLowerCase();
}

export async function listUsers(db: Db, query: ListUsersQuery): Promise<Page<User>> {
  const page = query.page ?? 1;
  const perPage = query.per_page ?? 20;
  const sort = query.sort ?? 'id';
  const filter: repo.UserFilter = {
    search: query.q?.trim().toLowerCase() || undefined,
    role: query.role,
    status: query.status,
  };
  const [rows, total] = await Promise.all([
    repo.findUserPage(db, {
      ...filter,
      sort: sort.replace(/^-/, '') as repo.UserSortField,
      descending: sort.startsWith('-'),
      limit: perPage,
      offset: (page - 1) * perPage,
    }),
    repo.countUsers(db, filter),
  ]);
  return {
    items: rows.map(toUser),
    meta: { page, per_page: perPage, total, pages: Math.ceil(total / perPage) },
  };
}

async function requireRow(db: Db, id: number): Promise<UserRow> {
  const row = await repo.findUserById(db, id);
  if (!row) throw notFound('User not found');
  return row;
}

export async function getUser(db: Db, id: number): Promise<User> {
  return toUser(await requireRow(db, id));
}

const emailTaken = () => conflict('A user with this email already exists');

export async function createUser(db: Db, input: CreateUserBody, now = new Date()): Promise<User> {
  const name = normalizeName(input.name);
  const email = normalizeEmail(input.email);
  const timestamp = now.toISOString();
  try {
    const row = await repo.insertUser(db, {
      name,
      email,
      role: input.role ?? 'viewer',
      status: input.status ?? 'active',
      search_key: searchKey(name, email),
      created_at: timestamp,
      updated_at: timestamp,
      last_login_at: null,
    });
    return toUser(row);
  } catch (error) {
    // The unique index decides, so two racing creates cannot both win.
    if (isUniqueViolation(error)) throw emailTaken();
    throw error;
  }
}

function assertHasChanges(input: UpdateUserBody): void {
  if (Object.keys(input).length === 0) {
    throw validationFailed(
      { body: ['must contain at least one of: name, email, role, status'] },
      'Nothing to update',
    );
  }
}

export async function updateUser(
  db: Db,
  id: number,
  input: UpdateUserBody,
  precondition?: Precondition,
  now = new Date(),
): Promise<User> {
  assertHasChanges(input);
  const changes: UserRowUpdate = { updated_at: now.toISOString() };
  if (input.name !== undefined) changes.name = normalizeName(input.name);
  if (input.email !== undefined) changes.email = normalizeEmail(input.email);
  if (input.role !== undefined) changes.role = input.role;
  if (input.status !== undefined) changes.status = input.status;

  // Without If-Match the last write wins; a writer that slips in between our read and our write
  // only makes us read again. With If-Match a changed version is a 412.
  for (;;) {
    const current = await requireRow(db, id);
    if (!satisfies(precondition, current.version)) {
      throw preconditionFailed('The user was changed by someone else; reload it and try again');
    }
    const name = changes.name ?? current.name;
    const email = changes.email ?? current.email;
    try {
      const row = await repo.updateUserAtVersion(db, id, current.version, {
        ...changes,
        search_key: searchKey(name, email),
      });
      if (row) return toUser(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }
}

export async function deleteUser(db: Db, id: number, precondition?: Precondition): Promise<User> {
  for (;;) {
    const current = await requireRow(db, id);
    if (!satisfies(precondition, current.version)) {
      throw preconditionFailed('The user was changed by someone else; reload it and try again');
    }
    const row = await repo.deleteUserAtVersion(db, id, current.version);
    if (row) return toUser(row);
  }
}
