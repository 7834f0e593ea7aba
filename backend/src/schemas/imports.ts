import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from './common.js';
import { JobSchema } from './jobs.js';
import { ListUsersQuerySchema } from './users.js';

/** Importing users from a file and exporting them to one (decision 0169). */

export const IMPORT_MODES = ['create', 'upsert'] as const;
export const IMPORT_OUTCOMES = ['created', 'updated', 'unchanged', 'exists', 'invalid'] as const;

export const ImportQuerySchema = Type.Object(
  {
    mode: Type.Optional(
      StringEnum(IMPORT_MODES, {
        default: 'create',
        description:
          '`create`: rows whose email exists are reported and left alone. `upsert`: they are ' +
          'matched by email (in any letter case) and their name, role and status updated.',
        examples: ['upsert'],
      }),
    ),
    dry_run: Type.Optional(
      Type.Boolean({
        default: false,
        description: 'Check every row and answer the report, changing nothing',
        examples: [true],
      }),
    ),
  },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuerySchema>;

export const ImportReportRowSchema = Type.Object({
  row: Type.Integer({ description: 'The row in the file: the header is row 1 (a line, in NDJSON)' }),
  outcome: StringEnum(IMPORT_OUTCOMES),
  email: Type.Union([Type.String(), Type.Null()]),
  column: Type.Union([Type.String(), Type.Null()], { description: 'The column the message is about' }),
  message: Type.String(),
});
export type ImportReportRow = Static<typeof ImportReportRowSchema>;

export const ImportReportSchema = Type.Object(
  {
    mode: StringEnum(IMPORT_MODES),
    dry_run: Type.Boolean(),
    counts: Type.Object(
      {
        rows: Type.Integer(),
        created: Type.Integer(),
        updated: Type.Integer(),
        unchanged: Type.Integer(),
        exists: Type.Integer({ description: 'rows left alone in create mode: their email exists' }),
        invalid: Type.Integer({ description: 'rows refused, each with its reason in `rows`' }),
        without_password: Type.Integer({
          description:
            'created rows without password_hash that are not invited (mail is not configured, or ' +
            'the row is disabled): an admin must set their password',
        }),
        invited: Type.Integer({
          description: 'created rows without password_hash that become invitations (mail is configured)',
        }),
      },
      { description: 'What the rows would do (dry run) or were checked to do (the job applies them)' },
    ),
    rows: Type.Array(ImportReportRowSchema, {
      description: 'The rows refused (invalid) and then those left alone (exists), at most 1,000',
    }),
    rows_omitted: Type.Integer({ description: 'refused or left-alone rows not listed in `rows`' }),
    notes: Type.Array(Type.String()),
  },
  { $id: 'ImportReport' },
);
export type ImportReport = Static<typeof ImportReportSchema>;

export const ImportResultSchema = Type.Object({
  report: ImportReportSchema,
  job: Type.Union([JobSchema, Type.Null()], {
    description: 'The job that applies the rows (null on a dry run); follow it at /api/v1/jobs/{id}',
  }),
});
export type ImportResult = Static<typeof ImportResultSchema>;

// The list's query without its paging: every filter and sort the list takes, now and later.
const listFilters = Type.Omit(ListUsersQuerySchema, ['page', 'per_page', 'cursor']).properties;

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;

export const ExportQuerySchema = Type.Object(
  {
    format: Type.Optional(
      StringEnum(EXPORT_FORMATS, {
        default: 'csv',
        description: 'CSV (a header row, comma-separated, UTF-8) or NDJSON (one JSON object a line)',
        examples: ['ndjson'],
      }),
    ),
    ...listFilters,
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuerySchema>;
