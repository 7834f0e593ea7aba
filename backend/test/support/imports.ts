import { expect } from 'vitest';
import type { ImportResult } from '../../src/schemas/imports.js';
import type { Job } from '../../src/schemas/jobs.js';
import type { TestApp } from './app.js';
import type { Inject } from './auth.js';
import { success } from './http.js';

/** Calls to POST /users/import and the job it starts, for the import tests. */

export interface ImportCall {
  mode?: 'create' | 'upsert';
  dryRun?: boolean;
  type?: string;
  inject?: Inject;
}

export function postImport(t: TestApp, body: string | Buffer, call: ImportCall = {}) {
  const query = new URLSearchParams({ mode: call.mode ?? 'create', dry_run: String(call.dryRun ?? false) });
  return (call.inject ?? t.inject)({
    method: 'POST',
    url: `/api/v1/users/import?${query.toString()}`,
    headers: { 'content-type': call.type ?? 'text/csv' },
    payload: body,
  });
}

/** A dry run's report; fails unless it answered 200. */
export async function dryRun(t: TestApp, body: string | Buffer, call: ImportCall = {}) {
  const res = await postImport(t, body, { ...call, dryRun: true });
  expect(res.statusCode, res.body).toBe(200);
  return success<ImportResult>(res).data.report;
}

export interface JobItem {
  seq: number;
  outcome: string;
  ref: string | null;
  code: string | null;
  message: string | null;
}

/** Starts the import, runs the background work now, and answers its job and per-row report. */
export async function runImport(t: TestApp, body: string | Buffer, call: ImportCall = {}) {
  const res = await postImport(t, body, { ...call, dryRun: false });
  expect(res.statusCode, res.body).toBe(202);
  const started = success<ImportResult>(res).data;
  await t.app.background.drain();
  const job = success<Job>(await t.inject({ url: `/api/v1/jobs/${started.job!.id}` })).data;
  const items = (await t.app.db
    .selectFrom('job_items')
    .selectAll()
    .where('job_id', '=', job.id)
    .orderBy('seq')
    .execute()) as JobItem[];
  return { report: started.report, job, items };
}
