import { toIso, toIsoOrNull, type Db } from '../db/dialect.js';
import * as dormant from '../db/dormant.repository.js';
import { revokeUserSessions } from '../db/sessions.repository.js';
import * as users from '../db/users.repository.js';
import { ConflictError } from '../errors.js';
import type { DormantPreview, DormantUser } from '../schemas/lifecycle.js';
import { lockAdminSet } from './admin-set.service.js';
import { recordEvent } from './audit.service.js';
import { queueMail } from './mail.service.js';
import { enqueueJob, type JobHandler } from './background/jobs.js';
import { systemRequest, type Actor } from './context.js';
import { toJob } from './jobs.service.js';

// The dormant-account policy (issue 16, decision 0173): once a day, active accounts idle for
// longer than DORMANT_AFTER_DAYS are disabled, and each is warned by mail DORMANT_WARN_DAYS
// before. Idle: no sign-in since then, or, for who never signed in, created before then.

export interface DormantSettings {
  /** null: the policy is off */
  afterDays: number | null;
  warnDays: number;
  /** Whether mail can be sent (a `mail` deliverer is registered). */
  mail: () => boolean;
}

export const DORMANT_JOB = 'users.dormant';
const DAY_MS = 86_400_000;
const PREVIEW_ROWS = 100;

const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();

/** The two windows of a run at `now`: idle since before `disableBefore`, or since before `warnBefore`. */
function windows(now: Date, afterDays: number, warnDays: number) {
  return {
    disableBefore: daysBefore(now, afterDays),
    warnBefore: daysBefore(now, Math.max(afterDays - warnDays, 0)),
  };
}

export const policyReason = (afterDays: number) => `dormant-account policy: no sign-in for ${afterDays} days`;

function toDormantUser(row: dormant.DormantRow, afterDays: number): DormantUser {
  const lastActive = toIsoOrNull(row.last_login_at) ?? toIso(row.created_at);
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    last_login_at: toIsoOrNull(row.last_login_at),
    created_at: toIso(row.created_at),
    disable_on: new Date(new Date(lastActive).getTime() + afterDays * DAY_MS).toISOString(),
  };
}

/** Who a run now would disable and warn; `afterDays` tries a limit before it is turned on. */
export async function previewDormant(
  db: Db,
  settings: DormantSettings,
  now: Date,
  afterDays = settings.afterDays,
): Promise<DormantPreview> {
  const limit = afterDays ?? 0;
  const base = {
    enabled: settings.afterDays !== null,
    after_days: afterDays,
    warn_days: settings.warnDays,
    mail: settings.mail(),
    as_of: now.toISOString(),
  };
  if (afterDays === null) {
    return { ...base, counts: { disable: 0, warn: 0, kept_admins: 0 }, disable: [], warn: [] };
  }
  const w = windows(now, limit, settings.warnDays);
  const [disable, warn, disableCount, warnCount] = await Promise.all([
    dormant.findByLastActivity(db, { to: w.disableBefore }, { activeOnly: true, limit: PREVIEW_ROWS }),
    dormant.findByLastActivity(
      db,
      { from: w.disableBefore, to: w.warnBefore },
      { activeOnly: true, limit: PREVIEW_ROWS },
    ),
    dormant.countByLastActivity(db, { to: w.disableBefore }),
    dormant.countByLastActivity(db, { from: w.disableBefore, to: w.warnBefore }),
  ]);
  // Admins the run would keep: if every active admin is idle, the last one stays.
  const idleAdmins = (
    await dormant.findByLastActivity(db, { to: w.disableBefore }, { activeOnly: true })
  ).filter((u) => u.role === 'admin').length;
  const keptAdmins = idleAdmins > 0 && idleAdmins >= (await users.countActiveAdmins(db)) ? 1 : 0;
  return {
    ...base,
    counts: { disable: disableCount - keptAdmins, warn: warnCount, kept_admins: keptAdmins },
    disable: disable.map((u) => toDormantUser(u, limit)),
    warn: warn.map((u) => toDormantUser(u, limit)),
  };
}

/** Runs the policy now, as a job (the daily run's kind); the same job for a repeated request. */
export async function requestDormantRun(db: Db, settings: DormantSettings, actor: Actor, now: Date) {
  if (settings.afterDays === null) {
    throw new ConflictError('The dormant-account policy is off: set DORMANT_AFTER_DAYS to run it');
  }
  const { job, created } = await enqueueJob(
    db,
    { kind: DORMANT_JOB, params: { as_of: now.toISOString() }, requestedBy: actor.id },
    now,
  );
  return { job: toJob(job), created };
}

interface DormantParams {
  /** the daily run's UTC day */
  day?: string;
  /** a run asked for by an admin: the moment it was asked */
  as_of?: string;
}

/**
 * The job: items 0… disable the idle (by id), then the next warn those about to be. The lists
 * are read with the job's own moment (its creation), so a run taken over after a crash reads
 * the same lists; a user who signs in meanwhile is checked again inside their item.
 */
export function dormantHandler(db: Db, settings: DormantSettings): JobHandler<DormantParams> {
  return async (ctx) => {
    const afterDays = settings.afterDays;
    if (afterDays === null) return { skipped: 'policy off' };
    const asOf = new Date(ctx.params.as_of ?? toIso(ctx.job.created_at));
    const w = windows(asOf, afterDays, settings.warnDays);
    const toDisable = await dormant.findByLastActivity(db, { to: w.disableBefore });
    const toWarn = settings.mail()
      ? await dormant.findByLastActivity(db, { from: w.disableBefore, to: w.warnBefore })
      : [];
    await ctx.setTotal(toDisable.length + toWarn.length);
    const request = systemRequest(ctx.job.id);
    const summary = { disabled: 0, warned: 0, skipped: 0 };
    for (const [seq, candidate] of toDisable.entries()) {
      const report = await ctx.item(seq, async (trx) => {
        await lockAdminSet(trx);
        const row = await users.lockUserById(trx, candidate.id);
        const lastActive = row && toIso(row.last_login_at ?? row.created_at);
        if (!row || row.status !== 'active' || lastActive! >= w.disableBefore) {
          return { outcome: 'unchanged', ref: candidate.id };
        }
        if (row.role === 'admin' && (await users.countActiveAdmins(trx, [row.id])) === 0) {
          return {
            outcome: 'skipped',
            ref: row.id,
            code: 'last_admin',
            message: 'the last active admin stays',
          };
        }
        const timestamp = ctx.now().toISOString();
        await users.updateUserAtVersion(trx, row.id, row.version, {
          status: 'disabled',
          updated_at: timestamp,
        });
        await revokeUserSessions(trx, row.id, timestamp);
        await recordEvent(
          trx,
          {
            action: 'user.updated',
            actor: null,
            target: { type: 'user', id: row.id },
            changes: { status: ['active', 'disabled'], reason: [null, policyReason(afterDays)] },
            request,
          },
          ctx.now(),
        );
        return { outcome: 'changed', ref: row.id };
      });
      count(summary, report?.outcome);
    }
    for (const [i, candidate] of toWarn.entries()) {
      const report = await ctx.item(toDisable.length + i, async (trx) => {
        const row = await users.findUserById(trx, candidate.id);
        if (!row || row.status !== 'active') return { outcome: 'unchanged', ref: candidate.id };
        const lastActive = toIso(row.last_login_at ?? row.created_at);
        if (lastActive >= w.warnBefore || (await dormant.warnedSince(trx, row.id, lastActive))) {
          return { outcome: 'unchanged', ref: row.id };
        }
        const disableOn = new Date(new Date(lastActive).getTime() + afterDays * DAY_MS).toISOString();
        // mail/templates/dormant-warning.ts renders it; sent after this item commits.
        await queueMail(
          trx,
          {
            to: row.email,
            userId: row.id,
            payload: {
              template: 'dormant-warning',
              name: row.name,
              disable_on: disableOn,
              after_days: afterDays,
            },
          },
          ctx.now(),
        );
        await recordEvent(
          trx,
          {
            action: 'user.dormant_warned',
            actor: null,
            target: { type: 'user', id: row.id },
            changes: { disable_on: [null, disableOn], reason: [null, policyReason(afterDays)] },
            request,
          },
          ctx.now(),
        );
        return { outcome: 'warned', ref: row.id };
      });
      count(summary, report?.outcome);
    }
    return summary;
  };
}

function count(summary: { disabled: number; warned: number; skipped: number }, outcome?: string) {
  if (outcome === 'changed') summary.disabled += 1;
  else if (outcome === 'warned') summary.warned += 1;
  else if (outcome === 'skipped') summary.skipped += 1;
}
