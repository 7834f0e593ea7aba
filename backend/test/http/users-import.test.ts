import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, dialect, type TestApp } from '../support/app.js';
import { auditEvents, eventsDuring } from '../support/audit.js';
import { failure, success } from '../support/http.js';
import { dryRun, postImport, runImport } from '../support/imports.js';

const CSV = [
  'email,name,role,status',
  'ada@example.com,Ada Lovelace,manager,active',
  'grace@example.com,Grace Hopper,viewer,disabled',
  'not-an-email,Nobody,viewer,active',
  'alan@example.com,Alan Turing,wizard,active',
  'ADA@example.com,Ada Again,viewer,active',
].join('\n');

describe(`importing users from a file on ${dialect}`, () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  const userCount = async () =>
    Number(
      (
        await t.app.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('a dry run reports every row by number and column, and changes nothing', async () => {
    const before = await userCount();
    const { result: report, events } = await eventsDuring(t.app, () => dryRun(t, CSV));
    expect(report.counts).toMatchObject({ rows: 5, created: 2, invalid: 3, exists: 0 });
    expect(report.rows).toEqual([
      {
        row: 4,
        outcome: 'invalid',
        email: null,
        column: 'email',
        message: 'email: is not an e-mail address',
      },
      {
        row: 5,
        outcome: 'invalid',
        email: null,
        column: 'role',
        message: 'role: must be one of viewer, manager, admin',
      },
      {
        row: 6,
        outcome: 'invalid',
        email: 'ada@example.com',
        column: 'email',
        message: 'email: is also in row 2 of this file',
      },
    ]);
    // The test app can send mail: the active row without a hash is an invitation, the disabled
    // one an account whose password an admin must set (users-import-invitations.test.ts).
    expect(report.counts).toMatchObject({ invited: 1, without_password: 1 });
    expect(report.notes).toEqual([
      expect.stringMatching(/become invitations/),
      expect.stringMatching(/admin sets/),
    ]);
    expect(await userCount()).toBe(before);
    expect(events).toEqual([]);
    expect(await t.app.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
  });

  it('a real run is a job that creates the rows that passed, one audit event each, and reports every row', async () => {
    const res = await postImport(t, CSV, {});
    expect(res.statusCode, res.body).toBe(202);
    const { job } = success<{ job: { id: number } }>(res).data;
    expect(res.headers.location).toBe(`/api/v1/jobs/${job.id}`);
    const requestId = res.headers['x-request-id'];
    await t.app.background.drain();
    const done = success<{ state: string; progress: { done: number; total: number }; result: unknown }>(
      await t.inject({ url: `/api/v1/jobs/${job.id}` }),
    ).data;
    expect(done.state).toBe('succeeded');
    expect(done.progress).toEqual({ done: 5, total: 5 });
    expect(done.result).toEqual({ mode: 'create', counts: { created: 2, invalid: 3 } });
    const items = await t.app.db.selectFrom('job_items').selectAll().orderBy('seq').execute();
    expect(items.map((i) => [i.ref, i.outcome, i.code])).toEqual([
      ['2', 'created', 'invited'],
      ['3', 'created', 'no_password'],
      ['4', 'invalid', 'invalid'],
      ['5', 'invalid', 'invalid'],
      ['6', 'invalid', 'invalid'],
    ]);
    const ada = success<{ role: string; status: string }[]>(
      await t.inject({ url: '/api/v1/users?q=ada@example.com' }),
    ).data;
    expect(ada).toMatchObject([{ role: 'manager', status: 'invited' }]);
    const created = (await auditEvents(t.app)).filter((e) => e.action === 'user.created');
    expect(created.map((e) => e.changes?.email?.[1])).toEqual(['ada@example.com', 'grace@example.com']);
    expect(created.every((e) => e.request_id === requestId && e.actor_id === t.admin.id)).toBe(true);
    // The staged rows go once the job is done.
    expect(await t.app.db.selectFrom('import_rows').selectAll().execute()).toEqual([]);
  });

  it('running the same file again in create mode changes nothing and says which rows exist', async () => {
    await runImport(t, CSV);
    const { result, events } = await eventsDuring(t.app, () => runImport(t, CSV));
    expect(result.report.counts).toMatchObject({ created: 0, exists: 2, invalid: 3 });
    expect(result.items.filter((i) => i.outcome === 'exists').map((i) => i.ref)).toEqual(['2', '3']);
    expect(events.filter((e) => e.action.startsWith('user.'))).toEqual([]);
  });

  it('upsert matches by email in any case and updates name, role and status; unchanged rows stay as they are', async () => {
    await runImport(t, CSV);
    const file = 'email,name,role\nADA@EXAMPLE.COM,Ada King,viewer\ngrace@example.com,Grace Hopper,viewer\n';
    const report = await dryRun(t, file, { mode: 'upsert' });
    expect(report.counts).toMatchObject({ updated: 1, unchanged: 1 });
    const { result, events } = await eventsDuring(t.app, () => runImport(t, file, { mode: 'upsert' }));
    expect(result.items.map((i) => i.outcome)).toEqual(['updated', 'unchanged']);
    expect(events.map((e) => [e.action, e.changes])).toEqual([
      ['user.updated', { name: ['Ada Lovelace', 'Ada King'], role: ['manager', 'viewer'] }],
    ]);
  });

  it('reads semicolons, a byte order mark, CRLF line ends and quoted cells', async () => {
    const file = '\uFEFFEmail;Name\r\n"a;b@example.com";"Smith; John"\r\nx@example.com;"Line ""one"""\r\n';
    const report = await dryRun(t, file);
    expect(report.rows).toMatchObject([{ row: 2, column: 'email' }]);
    expect(report.counts).toMatchObject({ rows: 2, created: 1, invalid: 1 });
  });

  it('reads NDJSON and multipart uploads', async () => {
    const ndjson =
      '{"email":"n1@example.com","name":"N One"}\n\n{"email":"n2@example.com","name":"N Two","must_change_password":true}\n';
    expect((await dryRun(t, ndjson, { type: 'application/x-ndjson' })).counts).toMatchObject({ created: 2 });
    const boundary = 'XyZ';
    const body =
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="people.csv"\r\n` +
      `Content-Type: text/csv\r\n\r\nemail,name\r\nm@example.com,M\r\n--${boundary}--\r\n`;
    const report = await dryRun(t, body, { type: `multipart/form-data; boundary=${boundary}` });
    expect(report.counts).toMatchObject({ rows: 1, created: 1 });
  });

  it('refuses a cell a spreadsheet would run as a formula, and imports the other rows', async () => {
    const file =
      'email,name\nf@example.com,"=HYPERLINK(""http://evil"")"\nok@example.com,-\tTab\n g@example.com,@SUM(A1)\nh@example.com,Plain\n';
    const { items } = await runImport(t, file);
    expect(items.map((i) => [i.ref, i.outcome])).toEqual([
      ['2', 'invalid'],
      ['3', 'invalid'],
      ['4', 'invalid'],
      ['5', 'created'],
    ]);
    expect(items[0]!.message).toMatch(/name: starts with "=", which a spreadsheet would run as a formula/);
  });

  const refusedFiles: [string, string | Buffer, string, number, RegExp][] = [
    [
      'a binary file',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      'text/csv',
      422,
      /not UTF-8 text/,
    ],
    ['a file without an email column', 'name,role\nAda,viewer\n', 'text/csv', 422, /no "email" column/],
    [
      'an unknown column',
      'email,name,shoe_size\na@example.com,A,42\n',
      'text/csv',
      422,
      /Unknown column "shoe_size"/,
    ],
    [
      'a row with too many fields',
      'email,name\na@example.com,A\nb@example.com,B,extra\n',
      'text/csv',
      422,
      /Row 3 has more fields than the header row/,
    ],
    [
      'an NDJSON line that is not JSON',
      '{"email":"a@example.com"}\nnot json\n',
      'application/x-ndjson',
      422,
      /Line 2 is not JSON/,
    ],
    ['an empty file', '', 'text/csv', 422, /empty/],
    ['JSON', '{"email":"a@example.com"}', 'application/json', 415, /text\/csv/],
  ];
  for (const [what, body, type, status, message] of refusedFiles) {
    it(`refuses ${what} as a whole: no job, no user`, async () => {
      const before = await userCount();
      for (const dry of [true, false]) {
        const answer = failure(await postImport(t, body, { type, dryRun: dry }), status);
        expect(answer.message).toMatch(message);
      }
      expect(await userCount()).toBe(before);
      expect(await t.app.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
      expect(await t.app.db.selectFrom('import_rows').selectAll().execute()).toEqual([]);
    });
  }

  it('refuses a 60 MB file with 413 from its Content-Length, before reading it', async () => {
    const row = 'x'.repeat(1000) + '@example.com,Name\n';
    const big = Buffer.from('email,name\n' + row.repeat(Math.ceil((60 * 2 ** 20) / row.length)));
    for (const dry of [true, false]) {
      expect(failure(await postImport(t, big, { dryRun: dry }), 413).message).toBe(
        'The file is larger than 50 MB',
      );
    }
    expect(await t.app.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
  });
});
