import { Type, type Static } from '@sinclair/typebox';
import { AuditEventSchema } from './audit.js';
import { TimestampSchema } from './common.js';

const Count = Type.Integer({ minimum: 0 });
const Day = Type.String({ format: 'date', description: 'a UTC day, YYYY-MM-DD' });

const UserTotalsSchema = Type.Object({
  total: Count,
  by_status: Type.Array(Type.Object({ status: Type.String(), count: Count }), {
    description: 'every status, in the order GET /settings lists them, zeros included',
  }),
  by_role: Type.Array(Type.Object({ role: Type.String(), count: Count }), {
    description: 'every role, lowest first, zeros included',
  }),
});

const SignInDaySchema = Type.Object({
  day: Day,
  succeeded: Type.Integer({ minimum: 0, description: 'auth.login events that day' }),
  failed: Type.Integer({ minimum: 0, description: 'auth.login_failed events that day' }),
});

const LockedAccountSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  locked_until: TimestampSchema,
});

const LockedSchema = Type.Object(
  {
    count: Type.Integer({ minimum: 0, description: 'accounts locked now' }),
    count_exact: Type.Boolean({
      description:
        'false when more accounts were locked in the last hour than one answer checks: count is then a floor',
    }),
    accounts: Type.Array(LockedAccountSchema, { description: 'the most recently locked, at most 10' }),
    lockout_store: Type.Union([Type.Literal('redis'), Type.Literal('memory')], {
      description: "where locks are kept: memory is this server process's own",
    }),
  },
  { description: 'null for callers without users:set-password' },
);

export const OverviewSchema = Type.Object(
  {
    users: UserTotalsSchema,
    sign_ins: Type.Object({
      from: Day,
      to: Day,
      days: Type.Array(SignInDaySchema, {
        description: 'the last 30 UTC days, oldest first, today last; days without sign-ins are zeros',
      }),
    }),
    locked: Type.Union([LockedSchema, Type.Null()]),
    recent_actions: Type.Union([Type.Array(AuditEventSchema), Type.Null()], {
      description:
        'the 10 newest changes people made (not sign-ins), as GET /audit-events shows them; null without audit:read',
    }),
  },
  {
    examples: [
      {
        users: {
          total: 3,
          by_status: [
            { status: 'active', count: 2 },
            { status: 'disabled', count: 1 },
          ],
          by_role: [
            { role: 'viewer', count: 1 },
            { role: 'manager', count: 1 },
            { role: 'admin', count: 1 },
          ],
        },
        sign_ins: {
          from: '2026-11-13',
          to: '2026-12-12',
          days: [
            { day: '2026-11-13', succeeded: 0, failed: 0 },
            { day: '2026-12-12', succeeded: 4, failed: 1 },
          ],
        },
        locked: { count: 0, count_exact: true, accounts: [], lockout_store: 'memory' },
        recent_actions: [],
      },
    ],
  },
);
export type Overview = Static<typeof OverviewSchema>;
