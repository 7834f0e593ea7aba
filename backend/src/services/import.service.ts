import { inTransaction, type Db } from '../db/dialect.js';
import * as imports from '../db/imports.repository.js';
import { findJob } from '../db/jobs.repository.js';
import { countActiveAdmins } from '../db/users.repository.js';
import type { ImportReport, ImportReportRow, ImportResult } from '../schemas/imports.js';
import { enqueueJob } from './background/jobs.js';
import { wake } from './background/wake.js';
import type { ActionContext, Actor } from './context.js';
import { readImportFile, type ImportFormat, type Upload } from './import-file.js';
import { checkRecord, type ImportRowFields, type RowProblem } from './import-rows.js';
import { toJob } from './jobs.service.js';
import { emailInBin } from './recycle-bin.service.js';
import { LAST_ADMIN, manageRefusal } from './user-rules.js';

/**
 * A user import (decision 0169): the file is read as it arrives and every row checked by the
 * API's rules against the database as it is now. A dry run answers the report; a real run also
 * stages every row for a job, which applies them one by one (import-job.ts).
 */

export const IMPORT_JOB_KIND = 'users.import';
export type ImportMode = 'create' | 'upsert';
export type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'exists' | 'invalid';

/** What a staged row holds: its cleaned fields, or the problems that refuse it. */
export type StagedRow = { row: number; fields: ImportRowFields } | { row: number; problems: RowProblem[] };

export interface ImportJobParams {
  mode: ImportMode;
  format: ImportFormat;
  actor: Actor;
  request: ActionContext['request'];
}

export interface ImportRequest {
  mode: ImportMode;
  format: ImportFormat;
  dryRun: boolean;
  file: Upload;
  /** Whether mail can be sent: rows without a password hash then become invitations. */
  invites: boolean;
}

/** The report lists this many rows at most (problems first); the counts cover every row. */
export const REPORT_ROWS = 1000;
const BATCH = 500;

export const NO_PASSWORD_NOTE =
  'Rows without password_hash create users who cannot sign in until an admin sets their password ' +
  '(PUT /api/v1/users/{id}/password): invitations by mail are not configured.';

export const INVITED_NOTE =
  'Rows without password_hash (and not disabled) become invitations: the user is created with ' +
  'status invited and mailed a link to choose a password.';

/** A created row without a hash, not disabled: invited when mail can be sent. */
export function willInvite(fields: ImportRowFields): boolean {
  return !fields.password_hash && fields.status !== 'disabled';
}

interface Planned {
  staged: StagedRow;
  outcome: ImportOutcome;
  report?: ImportReportRow;
}

/** Decides each row of a batch against the users as they are, in file order. */
class Planner {
  private readonly seen = new Map<string, number>();
  constructor(
    private readonly mode: ImportMode,
    private readonly actor: Actor,
    /** active admins, as the rows so far would leave them */
    private activeAdmins: number,
    /** whether rows without a password hash become invitations (status invited, no admin yet) */
    private readonly invites: boolean,
  ) {}

  async plan(db: Db, batch: readonly ReturnType<typeof checkRecord>[]): Promise<Planned[]> {
    const emails = batch.flatMap((r) => ('fields' in r ? [r.fields.email] : []));
    const [existing, binned] = await Promise.all([
      imports.findUsersByEmails(db, emails),
      imports.findBinnedEmails(db, emails),
    ]);
    return batch.map((checked) => {
      if ('problems' in checked) return this.refuse(checked.row, checked.problems);
      const { row, fields } = checked;
      const earlier = this.seen.get(fields.email);
      if (earlier !== undefined)
        return this.refuse(
          row,
          [{ column: 'email', message: `is also in row ${earlier} of this file` }],
          fields.email,
        );
      this.seen.set(fields.email, row);
      return this.decide(row, fields, existing.get(fields.email), binned.get(fields.email));
    });
  }

  private refuse(row: number, problems: RowProblem[], email?: string): Planned {
    const [first] = problems;
    return {
      staged: { row, problems },
      outcome: 'invalid',
      report: {
        row,
        outcome: 'invalid',
        email: email ?? null,
        column: first?.column ?? null,
        message: problems.map((p) => (p.column ? `${p.column}: ${p.message}` : p.message)).join('; '),
      },
    };
  }

  private decide(
    row: number,
    fields: ImportRowFields,
    user: imports.ExistingUser | undefined,
    binnedHolder: number | undefined,
  ): Planned {
    const staged = { row, fields };
    const problem = (column: RowProblem['column'], message: string) =>
      this.refuse(row, [{ column, message }], fields.email);
    if (!user) {
      if (!fields.name) return problem('name', 'is required to create a user');
      // A binned user's address stays theirs (decision 0172): creating would be refused.
      if (binnedHolder !== undefined) return problem('email', emailInBin(binnedHolder));
      const forbidden = manageRefusal(this.actor, null, fields.role);
      if (forbidden) return problem('role', forbidden.message);
      // An invited admin is no active admin until they accept: the job creates them `invited`.
      const invited = this.invites && willInvite(fields);
      if (fields.role === 'admin' && fields.status !== 'disabled' && !invited) this.activeAdmins += 1;
      return { staged, outcome: 'created' };
    }
    if (this.mode === 'create') {
      return {
        staged,
        outcome: 'exists',
        report: {
          row,
          outcome: 'exists',
          email: fields.email,
          column: 'email',
          message: 'a user with this email exists; create mode leaves it as it is',
        },
      };
    }
    const changes = changedFields(user, fields);
    if (Object.keys(changes).length === 0) return { staged, outcome: 'unchanged' };
    const forbidden = manageRefusal(this.actor, user.role, changes.role);
    if (forbidden) return problem('role', forbidden.message);
    if (user.id === this.actor.id && changes.status === 'disabled')
      return problem('status', 'You cannot disable your own account');
    const wasActiveAdmin = user.role === 'admin' && user.status === 'active';
    const isActiveAdmin =
      (changes.role ?? user.role) === 'admin' && (changes.status ?? user.status) === 'active';
    if (wasActiveAdmin && !isActiveAdmin) {
      if (this.activeAdmins <= 1) return problem(changes.role ? 'role' : 'status', LAST_ADMIN);
      this.activeAdmins -= 1;
    } else if (!wasActiveAdmin && isActiveAdmin) this.activeAdmins += 1;
    return { staged, outcome: 'updated' };
  }
}

/** The fields an upsert would change on this user: name, role and status, where they differ. */
export function changedFields(
  user: Pick<imports.ExistingUser, 'name' | 'role' | 'status'>,
  fields: ImportRowFields,
): Partial<Pick<ImportRowFields, 'name' | 'role' | 'status'>> {
  return {
    ...(fields.name !== undefined && fields.name !== user.name && { name: fields.name }),
    ...(fields.role !== undefined && fields.role !== user.role && { role: fields.role }),
    ...(fields.status !== undefined && fields.status !== user.status && { status: fields.status }),
  };
}

class Report {
  readonly counts = {
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    exists: 0,
    invalid: 0,
    without_password: 0,
    invited: 0,
  };
  private readonly invalid: ImportReportRow[] = [];
  private readonly skipped: ImportReportRow[] = [];

  constructor(private readonly invites: boolean) {}

  add(planned: Planned): void {
    this.counts.rows += 1;
    this.counts[planned.outcome] += 1;
    if (planned.outcome === 'created' && 'fields' in planned.staged) {
      const { fields } = planned.staged;
      if (this.invites && willInvite(fields)) this.counts.invited += 1;
      else if (!fields.password_hash) this.counts.without_password += 1;
    }
    const list = planned.outcome === 'invalid' ? this.invalid : this.skipped;
    if (planned.report && list.length < REPORT_ROWS) list.push(planned.report);
  }

  finish(mode: ImportMode, dryRun: boolean): ImportReport {
    const rows = [...this.invalid, ...this.skipped].slice(0, REPORT_ROWS);
    return {
      mode,
      dry_run: dryRun,
      counts: this.counts,
      rows,
      rows_omitted: this.counts.invalid + this.counts.exists - rows.length,
      notes: [
        ...(this.counts.invited > 0 ? [INVITED_NOTE] : []),
        ...(this.counts.without_password > 0 ? [NO_PASSWORD_NOTE] : []),
      ],
    };
  }
}

/** Reads, checks and (unless a dry run) stages the file; a real run answers its job too. */
export async function importUsers(
  db: Db,
  ctx: ActionContext,
  request: ImportRequest,
  now = new Date(),
): Promise<ImportResult> {
  const planner = new Planner(request.mode, ctx.actor, await countActiveAdmins(db), request.invites);
  const report = new Report(request.invites);
  let jobId: number | null = null;
  if (!request.dryRun) {
    const params: ImportJobParams = {
      mode: request.mode,
      format: request.format,
      actor: ctx.actor,
      request: ctx.request,
    };
    // Not due until sealed below: no worker may start on rows still arriving.
    const { job } = await enqueueJob(
      db,
      {
        kind: IMPORT_JOB_KIND,
        params,
        requestedBy: ctx.actor.id,
        runAfter: new Date(now.getTime() + 3_600_000),
      },
      now,
    );
    jobId = job.id;
  }
  let seq = 0;
  const flush = async (batch: ReturnType<typeof checkRecord>[]) => {
    const planned = await planner.plan(db, batch);
    for (const p of planned) report.add(p);
    if (jobId === null) return;
    const rows = planned.map((p) => ({ job_id: jobId, seq: seq++, data: JSON.stringify(p.staged) }));
    await inTransaction(db, (trx) => imports.insertImportRows(trx, rows));
  };
  try {
    let batch: ReturnType<typeof checkRecord>[] = [];
    for await (const record of readImportFile(request.file, request.format)) {
      batch.push(checkRecord(record));
      if (batch.length >= BATCH) {
        await flush(batch);
        batch = [];
      }
    }
    await flush(batch);
  } catch (error) {
    // A file refused part-way leaves nothing behind: no job, no staged rows.
    if (jobId !== null) await imports.deleteUnsealedJob(db, jobId);
    throw error;
  }
  const result = report.finish(request.mode, request.dryRun);
  if (jobId === null) return { report: result, job: null };
  await imports.sealImportJob(db, jobId, seq, now.toISOString());
  wake('jobs');
  const job = await findJob(db, jobId);
  return { report: result, job: job ? toJob(job) : null };
}
