import type { Role } from '../types.ts';

// Long work and what it reports: jobs, bulk changes, imports and exports (issue 15).

/** A job: long work the server does in the background (GET /api/v1/jobs/:id). */
export interface Job {
  id: number;
  kind: string;
  state: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
  requested_by: number | null;
  progress: { done: number; total: number | null };
  cancel_requested: boolean;
  result: unknown;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** One line of a job's report. */
export interface JobItem {
  seq: number;
  ref: string | null;
  outcome: string;
  code: string | null;
  message: string | null;
}

export interface BulkCounts {
  total: number;
  changed: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

/** What POST /api/v1/users/bulk answers when it has the report at once (a dry run, a few users). */
export interface BulkResult {
  dry_run: boolean;
  job: Job | null;
  counts: BulkCounts;
  items: JobItem[];
  items_omitted: number;
}

/** A bulk request: the users by id, or every user a filter of the list matches now. */
export interface BulkRequest {
  action: string;
  role?: Role;
  ids?: { id: number; version?: number }[];
  filter?: {
    q?: string;
    role?: string;
    status?: string;
    group?: number;
    email_verified?: boolean;
    last_login_before?: string;
    never_signed_in?: boolean;
  };
  dry_run?: boolean;
}

export type ImportMode = 'create' | 'upsert';
export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'exists' | 'invalid';

export interface ImportReportRow {
  row: number;
  outcome: ImportOutcome;
  email: string | null;
  column: string | null;
  message: string;
}

/** What an import's rows would do (dry run) or were checked to do (the job applies them). */
export interface ImportReport {
  mode: ImportMode;
  dry_run: boolean;
  counts: Record<ImportOutcome | 'rows' | 'without_password' | 'invited', number>;
  rows: ImportReportRow[];
  rows_omitted: number;
  notes: string[];
}

export interface ImportResult {
  report: ImportReport;
  job: Job | null;
}

export type ExportFormat = 'csv' | 'ndjson';
