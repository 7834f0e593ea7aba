import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../../errors.js';
import { actionContext } from '../../plugins/auth.js';
import { streamedBodyValidator } from '../../plugins/validation.js';
import { Envelope, errorResponses } from '../../schemas/common.js';
import { LOCATION, WithHeaders } from '../../schemas/headers.js';
import { ExportQuerySchema, ImportQuerySchema, ImportResultSchema } from '../../schemas/imports.js';
import { exportUsers } from '../../services/export.service.js';
import { IMPORT_MAX_BYTES, spool, type ImportFormat } from '../../services/import-file.js';
import { importJobHandler } from '../../services/import-job.js';
import { IMPORT_JOB_KIND, importUsers } from '../../services/import.service.js';

/**
 * Users in and out by file: POST /users/import (CSV or NDJSON, as the body or a multipart
 * upload; a dry run, or a job) and GET /users/export (decisions 0169 to 0171).
 */

const TYPES: Record<string, ImportFormat> = { 'text/csv': 'csv', 'application/x-ndjson': 'ndjson' };
const ACCEPTED = 'text/csv, application/x-ndjson or multipart/form-data';
// A multipart upload's boundaries and part headers around the file.
const MULTIPART_OVERHEAD = 64 * 1024;

const BODY_EXAMPLE = 'email,name,role,status\nada@example.com,Ada Lovelace,manager,active\n';

/**
 * Multipart's own refusals while the file streams (its size limit) carry an HTTP status; they
 * are told here as the domain's errors, so the import service knows nothing of HTTP.
 */
async function* withDomainErrors(file: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* file;
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode ?? 0;
    if (status === 413)
      throw new PayloadTooLargeError(`The file is larger than ${IMPORT_MAX_BYTES / 2 ** 20} MB`);
    if (status >= 400 && status < 500) throw new ValidationError({ file: [(error as Error).message] });
    throw error;
  }
}

async function fileOf(
  request: FastifyRequest,
): Promise<{ format: ImportFormat; file: AsyncIterable<Buffer> }> {
  if (request.isMultipart()) {
    const part = await request
      .file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } })
      .catch((error: unknown) => {
        // A form without a boundary, or cut short: busboy's plain errors are the client's fault.
        throw new ValidationError({
          file: [`is not readable multipart/form-data (${(error as Error).message})`],
        });
      });
    if (!part)
      throw new ValidationError({ file: ['is required: send the CSV or NDJSON file as the part "file"'] });
    const ndjson = part.mimetype === 'application/x-ndjson' || /\.(nd)?jsonl?$/i.test(part.filename);
    return { format: ndjson ? 'ndjson' : 'csv', file: withDomainErrors(part.file) };
  }
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const format = TYPES[type];
  // No Content-Type at all (and so no body Fastify parsed) reaches here.
  if (!format || !request.body) throw new UnsupportedMediaTypeError(`Send the file as ${ACCEPTED}`);
  return { format, file: request.body as AsyncIterable<Buffer> };
}

const transferRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['users'];
  // The upload is read by the route as it arrives, never by Fastify: only these types, and
  // multipart's own parser, are taken here; anything else is a 415 naming them.
  app.removeAllContentTypeParsers();
  await app.register(multipart, { limits: { fileSize: IMPORT_MAX_BYTES, files: 1, fields: 0, parts: 1 } });
  app.addContentTypeParser(Object.keys(TYPES), (request, payload, done) => {
    const length = Number(request.headers['content-length']);
    if (length > IMPORT_MAX_BYTES)
      done(new PayloadTooLargeError(`The file is larger than ${IMPORT_MAX_BYTES / 2 ** 20} MB`));
    else done(null, payload);
  });
  app.addContentTypeParser('*', (_request, _payload, done) =>
    done(new UnsupportedMediaTypeError(`Unsupported content type; send ${ACCEPTED}`)),
  );
  app.addHook('onRequest', async (request) => {
    const length = Number(request.headers['content-length']);
    if (request.isMultipart() && length > IMPORT_MAX_BYTES + MULTIPART_OVERHEAD)
      throw new PayloadTooLargeError(`The file is larger than ${IMPORT_MAX_BYTES / 2 ** 20} MB`);
  });

  app.background.handle(
    IMPORT_JOB_KIND,
    importJobHandler(app.db, {
      policy: app.passwordPolicy,
      mail: app.mailSettings.transport === 'off' ? null : app.mailSettings,
    }) as never,
  );

  app.post(
    '/import',
    {
      config: { permission: 'users:import' },
      bodyLimit: IMPORT_MAX_BYTES + MULTIPART_OVERHEAD,
      schema: {
        tags,
        summary: 'Import users from a CSV or NDJSON file: a dry run, or a job',
        description:
          'The file is the body (`Content-Type: text/csv` or `application/x-ndjson`) or the part ' +
          '`file` of `multipart/form-data`, up to 50 MB, UTF-8 with or without a BOM; CSV has a header ' +
          'row and commas or semicolons. Columns: `email` (required), `name`, `role`, `status`, ' +
          '`password_hash` (argon2id or bcrypt), `must_change_password`. Every row is checked by the ' +
          'rules of POST and PATCH /users; a file that cannot be read as a whole (an unknown or missing ' +
          'column, a row with the wrong number of fields, not text) is refused and nothing is ' +
          'imported. With `dry_run=true` the report is the answer; otherwise a job applies the rows ' +
          'that passed, each on its own, and its report lists every row (GET /api/v1/jobs/{id}).',
        querystring: ImportQuerySchema,
        body: {
          content: {
            'text/csv': { schema: { type: 'string', examples: [BODY_EXAMPLE] } },
            'application/x-ndjson': {
              schema: { type: 'string', examples: ['{"email":"ada@example.com","name":"Ada Lovelace"}\n'] },
            },
            'multipart/form-data': {
              schema: {
                type: 'object',
                properties: {
                  file: { type: 'string', format: 'binary', description: 'The CSV or NDJSON file' },
                },
              },
            },
          },
        },
        response: {
          200: Envelope(ImportResultSchema),
          202: WithHeaders(Envelope(ImportResultSchema), {
            Location: { ...LOCATION, examples: ['/api/v1/jobs/7'] },
          }),
          ...errorResponses(401, 403, 413, 415, 422),
        },
      },
      validatorCompiler: streamedBodyValidator,
    },
    async (request, reply) => {
      const { format, file } = await fileOf(request);
      const dryRun = request.query.dry_run ?? false;
      const upload = await spool(file);
      const result = await importUsers(app.db, actionContext(request), {
        mode: request.query.mode ?? 'create',
        format,
        dryRun,
        file: upload.file,
        invites: app.mailSettings.transport !== 'off',
      }).finally(upload.remove);
      if (result.job) void reply.status(202).header('Location', `/api/v1/jobs/${result.job.id}`);
      const message = dryRun
        ? 'Dry run: nothing was changed'
        : `Import started: ${result.report.counts.rows} rows checked`;
      return { status: 'success' as const, data: result, message };
    },
  );

  app.get(
    '/export',
    {
      config: { permission: 'users:export-list' },
      schema: {
        tags,
        summary: 'Export the users the list’s filters match, as CSV or NDJSON',
        description:
          'Takes the filters and sort of GET /users and streams every user they match, however ' +
          'many. CSV cells a spreadsheet would run as a formula (starting with =, +, -, @, a tab ' +
          'or a carriage return) start with an apostrophe. The audit log records who exported ' +
          'what (`user.list_exported`).',
        querystring: ExportQuerySchema,
        response: {
          200: {
            description: 'The file, as an attachment',
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/x-ndjson': { schema: { type: 'string' } },
            },
          },
          ...errorResponses(401, 403, 422),
        },
      },
    },
    async (request, reply) => {
      const file = await exportUsers(app.db, actionContext(request), request.query);
      return reply
        .type(file.contentType)
        .header('Content-Disposition', `attachment; filename="${file.filename}"`)
        .header('Cache-Control', 'no-store')
        .send(file.body);
    },
  );
};

export default transferRoutes;
