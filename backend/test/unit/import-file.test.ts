import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, ValidationError } from '../../src/errors.js';
import {
  delimiterOf,
  IMPORT_MAX_BYTES,
  readImportFile,
  type ImportRecord,
} from '../../src/services/import-file.js';
import { checkRecord, hashProblem } from '../../src/services/import-rows.js';

async function read(chunks: (string | Buffer)[], format: 'csv' | 'ndjson' = 'csv'): Promise<ImportRecord[]> {
  const records: ImportRecord[] = [];
  for await (const record of readImportFile(chunks, format)) records.push(record);
  return records;
}

describe('reading an import file', () => {
  it('counts the bytes it reads: past 50 MB without a Content-Length it stops with a 413', async () => {
    const row = Buffer.from('a@example.com,' + 'x'.repeat(1000) + '\n');
    function* chunks() {
      yield Buffer.from('email,name\n');
      for (let sent = 0; sent <= IMPORT_MAX_BYTES; sent += row.length * 1000)
        yield Buffer.concat(Array(1000).fill(row));
    }
    const records: ImportRecord[] = [];
    await expect(
      (async () => {
        for await (const record of readImportFile(chunks(), 'csv')) records.push(record);
      })(),
    ).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(records.length).toBeGreaterThan(0);
  });

  it('reads a multi-byte character split across chunks, and numbers rows as a spreadsheet does', async () => {
    const text = Buffer.from(
      'email,name\nz@example.com,Zoë\n\nw@example.com,"Two\nlines"\nv@example.com,V\n',
    );
    const split = text.indexOf(Buffer.from('ë')) + 1;
    const records = await read([text.subarray(0, split), text.subarray(split)]);
    expect(records.map((r) => [r.row, r.cells.name])).toEqual([
      [2, 'Zoë'],
      [5, 'Two\nlines'],
      [6, 'V'],
    ]);
  });

  it('refuses bytes that are not UTF-8', async () => {
    await expect(
      read([Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x0a, 0xff, 0xfe])]),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('takes the delimiter the header uses more of, outside quotes', () => {
    expect(delimiterOf('email;name;role')).toBe(';');
    expect(delimiterOf('email,"a;b;c"')).toBe(',');
    expect(delimiterOf('email')).toBe(',');
  });
});

describe('checking one row', () => {
  const bcrypt = '$2b$10$' + 'a'.repeat(53);
  it('accepts argon2id and bcrypt hashes within the costs sign-in can afford', () => {
    expect(hashProblem(bcrypt)).toBeNull();
    expect(hashProblem('$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$' + 'A'.repeat(43))).toBeNull();
    expect(hashProblem('$2b$31$' + 'a'.repeat(53))).toMatch(/cost 31/);
    expect(hashProblem('$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHQ$' + 'A'.repeat(43))).toMatch(/outside/);
    expect(hashProblem('$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$' + 'A'.repeat(43))).toMatch(/argon2id/);
    expect(hashProblem('5f4dcc3b5aa765d61d8327deb882cf99')).toMatch(/argon2id/);
  });

  it('names every problem of a row with its column', () => {
    const checked = checkRecord({
      row: 7,
      cells: { email: '', name: '  ', role: 'root', status: '+1', must_change_password: 'maybe' },
    });
    expect(checked).toEqual({
      row: 7,
      problems: [
        { column: 'status', message: 'starts with "+", which a spreadsheet would run as a formula' },
        { column: 'email', message: 'is required' },
        { column: 'role', message: 'must be one of viewer, manager, admin' },
        { column: 'must_change_password', message: 'must be true or false (or 1, 0, yes, no)' },
      ],
    });
  });

  it('cleans what passes as the API does: trimmed, lower-cased email, roles in any case', () => {
    expect(
      checkRecord({
        row: 2,
        cells: { email: ' Ada@Example.COM ', name: ' Ada ', role: 'Admin', must_change_password: 'yes' },
      }),
    ).toEqual({
      row: 2,
      fields: { email: 'ada@example.com', name: 'Ada', role: 'admin', must_change_password: true },
    });
  });
});
