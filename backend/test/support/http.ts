import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { User } from '../../src/schemas/users.js';
import type { TestApp } from './app.js';

/** The envelope shapes, for reading answers with types. */
export interface PageMeta {
  page: number;
  per_page: number;
  total: number;
  pages: number;
}
export interface Success<T> {
  status: 'success';
  data: T;
  message: string | null;
  meta?: PageMeta;
}
export interface Failure {
  status: 'error';
  data: null;
  message: string;
  code: string;
  errors?: Record<string, string[]>;
}

export const success = <T>(res: LightMyRequestResponse) => res.json<Success<T>>();

/** Reads an error answer and checks that it is the error envelope with the given status. */
export function failure(res: LightMyRequestResponse, status: number): Failure {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json<Failure>();
  expect(body).toMatchObject({ status: 'error', data: null });
  expect(typeof body.message).toBe('string');
  return body;
}

/** Creates a user through the API and returns it; fails the test if the API refuses. */
export async function createUser(t: TestApp, body: Record<string, unknown>): Promise<User> {
  const res = await t.inject({ method: 'POST', url: '/api/v1/users', payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return success<User>(res).data;
}

/** Creates one user per name, with an email made from the name. */
export async function createUsers(t: TestApp, names: string[]): Promise<User[]> {
  const users: User[] = [];
  for (const [i, name] of names.entries()) {
    users.push(await createUser(t, { name, email: `user${i}@example.com` }));
  }
  return users;
}
