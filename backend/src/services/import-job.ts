import { withSavepoint, type Db } from '../db/dialect.js';
import * as imports from '../db/imports.repository.js';
import { findUserByEmail, holdsAdminSet } from '../db/users.repository.js';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  PreconditionFailedError,
  ValidationError,
} from '../errors.js';
import type { PasswordPolicy } from '../security/password-policy.js';
import { ITEMS_PER_COMMIT, JobCancelled, type ItemReport, type JobHandler } from './background/jobs.js';
import { lockAdminSet } from './admin-set.service.js';
import type { ActionContext } from './context.js';
import { changedFields, willInvite, type ImportJobParams, type StagedRow } from './import.service.js';
import { inviteInTransaction } from './invitations.service.js';
import type { MailSettings } from './mail.service.js';
import { createUser, updateUser } from './users.service.js';

/**
 * The job of a user import: the staged rows, in order, a batch to a transaction, each row in its
 * own savepoint with its report line (decision 0153), through the same service functions as POST
 * and PATCH /users (same checks, one audit event per user created or updated, carrying the
 * upload's request id). A row the rules refuse now is reported `failed` with the reason; the rows
 * after it go on.
 */

export interface ImportJobOptions {
  policy: PasswordPolicy;
  /**
   * Mail settings when mail can be sent: rows without a password hash (and not disabled) then
   * become invitations (status `invited`, a mail through the outbox). Null otherwise: such users
   * must have their password set by an admin, which the report says (`no_password`).
   */
  mail: MailSettings | null;
  /** Rows a transaction commits together (ITEMS_PER_COMMIT when not given). */
  batchSize?: number;
}

const PAGE = 500;

function failure(error: DomainError): ItemReport {
  const code =
    error instanceof ForbiddenError
      ? 'forbidden'
      : error instanceof ConflictError
        ? 'conflict'
        : error instanceof ValidationError
          ? 'invalid'
          : error instanceof PreconditionFailedError
            ? 'changed'
            : error instanceof NotFoundError
              ? 'not_found'
              : 'refused';
  return { outcome: 'failed', code, message: error.message };
}

async function applyRow(
  trx: Db,
  params: ImportJobParams,
  staged: StagedRow,
  options: ImportJobOptions,
  now: Date,
): Promise<ItemReport> {
  const ref = staged.row;
  if ('problems' in staged) {
    const message = staged.problems
      .map((p) => (p.column ? `${p.column}: ${p.message}` : p.message))
      .join('; ');
    return { outcome: 'invalid', ref, code: 'invalid', message };
  }
  const { fields } = staged;
  const ctx: ActionContext = { actor: params.actor, request: params.request };
  try {
    // The batch's first row locks the admin set before any row, as a bulk batch does (runItem):
    // a batch that locked it only at its first change of a role or status, holding the rows of
    // the rows before, deadlocked beside a bulk disable that held the lock and wanted one of
    // them, and the whole job failed.
    if (!holdsAdminSet(trx)) await lockAdminSet(trx);
    return await withSavepoint(trx, async (sp) => {
      const user = await findUserByEmail(sp, fields.email);
      if (!user) {
        if (!fields.name)
          return { outcome: 'invalid', ref, code: 'invalid', message: 'name: is required to create a user' };
        const invites = options.mail !== null && willInvite(fields);
        const created = await createUser(
          sp,
          ctx,
          options.policy,
          {
            name: fields.name,
            email: fields.email,
            role: fields.role,
            status: invites ? 'invited' : fields.status,
            passwordHash: fields.password_hash,
            must_change_password: fields.must_change_password,
          },
          now,
        );
        if (fields.password_hash)
          return { outcome: 'created', ref, message: `${created.email} (id ${created.id})` };
        if (invites && options.mail) {
          await inviteInTransaction(sp, ctx, options.mail, created, now);
          return { outcome: 'created', ref, code: 'invited', message: `${created.email}: invitation sent` };
        }
        return {
          outcome: 'created',
          ref,
          code: 'no_password',
          message: `${created.email} (id ${created.id}): no password; an admin must set one`,
        };
      }
      if (params.mode === 'create') {
        return { outcome: 'exists', ref, code: 'exists', message: `${user.email}: exists; left as it is` };
      }
      const changes = changedFields(user, fields);
      if (Object.keys(changes).length === 0) return { outcome: 'unchanged', ref, message: user.email };
      const updated = await updateUser(sp, ctx, user.id, changes, undefined, now);
      return { outcome: 'updated', ref, message: `${updated.email}: ${Object.keys(changes).join(', ')}` };
    });
  } catch (error) {
    // A create that lost a race to the email's unique index: the row is now one that exists.
    if (error instanceof ConflictError && params.mode === 'create' && /already exists/.test(error.message))
      return { outcome: 'exists', ref, code: 'exists', message: `${fields.email}: exists; left as it is` };
    if (error instanceof DomainError) return { ...failure(error), ref };
    throw error;
  }
}

export function importJobHandler(db: Db, options: ImportJobOptions): JobHandler<ImportJobParams> {
  return async (ctx) => {
    const { job, params } = ctx;
    // Never sealed: the upload that made it stopped before all its rows were staged.
    if (job.progress_total === null) {
      await imports.deleteImportRows(db, job.id);
      throw new Error('the upload of this import did not finish');
    }
    try {
      for (let from = ctx.resumeFrom; ;) {
        const rows = await imports.readImportRows(db, job.id, from, PAGE);
        // Rows are numbered without gaps from 0, so a batch's first seq names all of it.
        const size = options.batchSize ?? ITEMS_PER_COMMIT;
        for (let i = 0; i < rows.length; i += size) {
          const batch = rows.slice(i, i + size);
          const works = batch.map((row) => {
            const staged = JSON.parse(row.data) as StagedRow;
            return (trx: Db) => applyRow(trx, params, staged, options, ctx.now());
          });
          await ctx.items(batch[0]!.seq, works);
        }
        if (rows.length < PAGE) break;
        from = rows.at(-1)!.seq + 1;
      }
    } catch (error) {
      if (error instanceof JobCancelled) await imports.deleteImportRows(db, job.id);
      throw error;
    }
    await imports.deleteImportRows(db, job.id);
    return { mode: params.mode, counts: await imports.countItemsByOutcome(db, job.id) };
  };
}
