import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/dialect.js';
import {
  ConflictError,
  DomainError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../../src/errors.js';
import { passwordPolicy } from '../../src/security/password-policy.js';
import type { ActionContext } from '../../src/services/context.js';
import { searchKey } from '../../src/services/user-fields.js';
import { listUsers } from '../../src/services/user-list.service.js';
import * as users from '../../src/services/users.service.js';
import { buildTestDb, dialect } from '../support/app.js';
import { rejection } from '../support/errors.js';

const policy = passwordPolicy({ passwordMinLength: 12 });

describe(`users service on ${dialect}`, () => {
  let db: Db;
  let ctx: ActionContext;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ db, close } = await buildTestDb());
    // The admin every change here is made by.
    const now = new Date().toISOString();
    const email = 'actor@example.com';
    const actor = await db
      .insertInto('users')
      .values({
        name: 'Actor',
        email,
        role: 'admin',
        status: 'active',
        search_key: searchKey('Actor', email),
        created_at: now,
        updated_at: now,
        last_login_at: null,
        password_hash: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ctx = {
      actor: { id: actor.id, email, role: 'admin', sessionId: 'test-session' },
      request: { ip: null, userAgent: null, requestId: null },
    };
  });
  afterEach(async () => {
    await close();
  });

  const ada = { name: ' Ada Lovelace ', email: ' Ada@Example.com ' };

  describe('createUser', () => {
    it('stores normalized values, defaults and the given clock as ISO 8601 UTC', async () => {
      const now = new Date('2026-01-02T03:04:05.678Z');
      const user = await users.createUser(db, ctx, policy, ada, now);
      expect(user).toEqual({
        id: expect.any(Number) as number,
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        role: 'viewer',
        status: 'active',
        created_at: '2026-01-02T03:04:05.678Z',
        updated_at: '2026-01-02T03:04:05.678Z',
        last_login_at: null,
        email_verified_at: null,
        version: 1,
      });
      expect(await users.getUser(db, user.id)).toEqual(user);
    });

    it('keeps a lower-cased search key of name and email in the row', async () => {
      const user = await users.createUser(db, ctx, policy, { name: 'ÉMILE Zola', email: 'Emile@Example.FR' });
      const row = await db
        .selectFrom('users')
        .select('search_key')
        .where('id', '=', user.id)
        .executeTakeFirst();
      expect(row?.search_key).toBe('émile zola\nemile@example.fr');
    });

    it('throws a conflict for a taken email in any case', async () => {
      await users.createUser(db, ctx, policy, ada);
      const error = await rejection(
        users.createUser(db, ctx, policy, { name: 'Twin', email: 'ADA@example.COM' }),
        ConflictError,
      );
      expect(error.message).toBe('A user with this email already exists');
    });

    it('lets the database refuse what validation would have caught, as a plain error', async () => {
      const error = await users
        .createUser(db, ctx, policy, { ...ada, role: 'owner' as 'admin' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(DomainError);
    });

    it('throws a validation error naming the field for names and emails out of bounds', async () => {
      const name = await rejection(
        users.createUser(db, ctx, policy, { name: 'x'.repeat(101), email: 'a@b.c' }),
        ValidationError,
      );
      expect(name.fieldErrors).toEqual({ name: ['must be 1 to 100 characters'] });
      const email = await rejection(
        users.createUser(db, ctx, policy, { name: 'x', email: `${'a'.repeat(250)}@b.cd` }),
        ValidationError,
      );
      expect(email.fieldErrors).toEqual({ email: ['must be at most 254 characters'] });
    });
  });

  describe('listUsers', () => {
    beforeEach(async () => {
      for (const [name, role] of [
        ['Zed', 'admin'],
        ['Amy', 'viewer'],
        ['Максим', 'viewer'],
      ] as const) {
        await users.createUser(db, ctx, policy, { name, email: `${role}.${name.length}@example.com`, role });
      }
    });

    it('uses the defaults: first page of 20, by id', async () => {
      const page = await listUsers(db, {});
      expect(page.meta).toEqual({
        page: 1,
        per_page: 20,
        total: 4,
        total_exact: true,
        pages: 1,
        next_cursor: null,
        prev_cursor: null,
        last_cursor: null,
      });
      expect(page.items.map((u) => u.name)).toEqual(['Actor', 'Zed', 'Amy', 'Максим']);
    });

    it('combines search, filters, sort and paging', async () => {
      const page = await listUsers(db, { role: 'viewer', sort: '-name', per_page: 1, page: 2 });
      expect(page.items.map((u) => u.name)).toEqual(['Amy']);
      expect(page.meta).toEqual({
        page: 2,
        per_page: 1,
        total: 2,
        total_exact: true,
        pages: 2,
        next_cursor: null,
        // The last page: a way back, none further on.
        prev_cursor: expect.any(String),
        last_cursor: null,
      });
      expect((await listUsers(db, { q: '  МАКС ' })).items.map((u) => u.name)).toEqual(['Максим']);
    });
  });

  describe('updateUser', () => {
    it('changes the given fields, bumps the version and keeps created_at', async () => {
      const created = await users.createUser(db, ctx, policy, ada, new Date('2026-01-01T00:00:00Z'));
      const later = new Date('2026-02-01T00:00:00Z');
      const updated = await users.updateUser(db, ctx, created.id, { status: 'disabled' }, undefined, later);
      expect(updated).toEqual({
        ...created,
        status: 'disabled',
        version: 2,
        updated_at: later.toISOString(),
      });
    });

    it('refuses nothing to change, a missing user and a stale version', async () => {
      const { id } = await users.createUser(db, ctx, policy, ada);
      await rejection(users.updateUser(db, ctx, id, {}), ValidationError);
      await rejection(users.updateUser(db, ctx, 999, { name: 'x' }), NotFoundError);
      await rejection(
        users.updateUser(db, ctx, id, { name: 'x' }, { versions: [2] }),
        PreconditionFailedError,
      );
      expect((await users.getUser(db, id)).name).toBe('Ada Lovelace');
    });

    it('throws a conflict when the new email is taken', async () => {
      await users.createUser(db, ctx, policy, ada);
      const { id } = await users.createUser(db, ctx, policy, { name: 'Bob', email: 'bob@example.com' });
      await rejection(users.updateUser(db, ctx, id, { email: 'ADA@example.com' }), ConflictError);
    });

    it('passes on database errors other than a taken email', async () => {
      const { id } = await users.createUser(db, ctx, policy, ada);
      const error = await users
        .updateUser(db, ctx, id, { status: 'gone' as 'active' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(DomainError);
    });

    it('retries racing writers without a precondition, so none is lost', async () => {
      const { id } = await users.createUser(db, ctx, policy, ada);
      const results = await Promise.all(
        ['manager', 'admin', 'viewer', 'manager'].map((role) =>
          users.updateUser(db, ctx, id, { role: role as 'admin' }),
        ),
      );
      expect(results.map((u) => u.version).sort()).toEqual([2, 3, 4, 5]);
      expect((await users.getUser(db, id)).version).toBe(5);
    });
  });

  describe('deleteUser', () => {
    it('deletes and answers the deleted user', async () => {
      const user = await users.createUser(db, ctx, policy, ada);
      expect(await users.deleteUser(db, ctx, user.id, { any: true })).toEqual(user);
      await rejection(users.getUser(db, user.id), NotFoundError);
    });

    it('refuses a stale version and keeps the user', async () => {
      const user = await users.createUser(db, ctx, policy, ada);
      await rejection(users.deleteUser(db, ctx, user.id, { versions: [5] }), PreconditionFailedError);
      expect(await users.getUser(db, user.id)).toEqual(user);
    });

    it('answers one of two racing deletes and finds the user gone for the other', async () => {
      const user = await users.createUser(db, ctx, policy, ada);
      const results = await Promise.allSettled([
        users.deleteUser(db, ctx, user.id),
        users.deleteUser(db, ctx, user.id),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const rejected = results.find((r) => r.status === 'rejected');
      expect(rejected?.reason).toBeInstanceOf(NotFoundError);
    });

    it('deletes beside a concurrent update when no precondition is given', async () => {
      const user = await users.createUser(db, ctx, policy, ada);
      // Either may take the row first: the update then finds it gone (404: it is in the recycle
      // bin), or the delete bins the updated row. The delete never needs the version the update
      // changed.
      const [updated, deleted] = await Promise.allSettled([
        users.updateUser(db, ctx, user.id, { name: 'Renamed' }),
        users.deleteUser(db, ctx, user.id),
      ]);
      if (updated.status === 'rejected') expect(updated.reason).toBeInstanceOf(NotFoundError);
      expect(deleted.status).toBe('fulfilled');
      expect(deleted.status === 'fulfilled' && deleted.value.id).toBe(user.id);
      const rows = await db.selectFrom('users').select('deleted_at').where('id', '=', user.id).execute();
      expect(rows).toEqual([{ deleted_at: expect.anything() }]);
      await rejection(users.getUser(db, user.id), NotFoundError);
    });
  });
});
