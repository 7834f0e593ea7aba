import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { decodeUserCursor, encodeUserCursor, type UserCursorFields } from '../../src/services/user-cursor.js';

const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The error decodeUserCursor throws for `text`, failing if it throws none. */
function refusalOf(text: string): ValidationError {
  let error: unknown;
  try {
    decodeUserCursor(text);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('user cursors', () => {
  const cursors: UserCursorFields[] = [
    { sort: 'id', after: [7, 7], page: 2 },
    { sort: '-id', after: [7, 7], page: 99_999_999 },
    { sort: 'name', q: 'ann', role: 'viewer', status: 'active', after: ['Ann Lee', 12], page: 3 },
    { sort: '-email', after: ['ada@example.com', 4], page: 2 },
    { sort: 'created_at', role: 'admin', after: ['2026-01-02T03:04:05.678Z', 1], page: 5 },
    { sort: '-updated_at', status: 'disabled', after: ['1999-12-31T23:59:59.999Z', 8], page: 2 },
    { sort: 'name', q: 'иван "x" 100%_\\', after: ['', 2], page: 2 },
    { sort: '-role', after: ['manager', 9], page: 2 },
    { sort: 'status', role: 'viewer', after: ['disabled', 9], page: 4 },
    { sort: 'last_login_at', after: ['2026-01-02T03:04:05.678Z', 6], page: 2 },
    // A page that ended among those who never signed in.
    { sort: '-last_login_at', after: [null, 6], page: 3 },
    // Previous pages (the one before a row, read backwards) and the last page.
    { sort: 'id', before: [41, 41], page: 1 },
    { sort: '-last_login_at', role: 'admin', before: [null, 6], page: 7 },
    { sort: 'name', q: 'ann', group: 3, before: ['Ann Lee', 12], page: 2 },
    { sort: '-created_at', status: 'active', last: true },
  ];

  it.each(cursors)('reads back what it wrote: %j', (cursor) => {
    expect(decodeUserCursor(encodeUserCursor(cursor))).toEqual({ v: 1, ...cursor });
  });

  it('writes URL-safe text only, so a cursor goes in a query string as it is', () => {
    for (const cursor of cursors) expect(encodeUserCursor(cursor)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('reads a cursor written by hand the same way as its own', () => {
    const cursor = { v: 1, sort: 'email', after: ['b@example.com', 3], page: 2 };
    expect(decodeUserCursor(encoded(cursor))).toEqual(cursor);
  });

  it('refuses with a validation error naming cursor', () => {
    expect(refusalOf('nonsense')).toMatchObject({
      message: 'Validation failed',
      fieldErrors: { cursor: [expect.any(String)] },
    });
  });

  const good = { v: 1, sort: 'id', after: [3, 3], page: 2 };
  const at = (sort: string, value: unknown) => encoded({ ...good, sort, after: [value, 3] });

  it.each([
    ['nothing', ''],
    ['text that is not base64', '%%%'],
    ['base64 of text that is not JSON', Buffer.from('{v:1}').toString('base64url')],
    ['a JSON number', encoded(1)],
    ['a JSON string', encoded('cursor')],
    ['version 0', encoded({ ...good, v: 0 })],
    ['version 2', encoded({ ...good, v: 2 })],
    ['no page', encoded({ ...good, page: undefined })],
    ['page 1, which needs no cursor', encoded({ ...good, page: 1 })],
    ['a page past the largest', encoded({ ...good, page: 100_000_001 })],
    ['a negative id', encoded({ ...good, after: [3, -3] })],
    ['a search of 0 characters', encoded({ ...good, q: '' })],
    ['a sort value past 400 characters', at('name', 'x'.repeat(401))],
    ['a null sort value', at('name', null)],
    ['a boolean sort value', at('name', true)],
    ['an extra field', encoded({ ...good, total: 10 })],
    ['a sort of a column not listed', encoded({ ...good, sort: 'password_hash' })],
    ['text for an id sort', at('id', '3')],
    ['a fraction for an id sort', at('-id', 2.5)],
    ['a number for a name sort', at('name', 3)],
    ['a number for a time sort', at('created_at', 0)],
    ['"2020" for a time sort', at('created_at', '2020')],
    ['a date without a time', at('updated_at', '2020-01-01')],
    ['a time without milliseconds', at('created_at', '2020-01-01T00:00:00Z')],
    ['a time in another zone', at('created_at', '2020-01-01T01:00:00.000+01:00')],
    ['a time with spaces', at('created_at', ' 2020-01-01T00:00:00.000Z')],
    ['a date that rolls over', at('-created_at', '2021-02-29T00:00:00.000Z')],
    ['a role not listed for a role sort', at('role', 'root')],
    ['a null for a role sort', at('-role', null)],
    ['a status not listed for a status sort', at('status', 'gone')],
    ['a number for a last sign-in sort', at('last_login_at', 5)],
    ['a time in another form for a last sign-in sort', at('-last_login_at', '2020-01-01T00:00:00Z')],
    ['both after and before', encoded({ ...good, before: [3, 3] })],
    ['after on the last page', encoded({ ...good, last: true })],
    ['before without a page', encoded({ v: 1, sort: 'id', before: [3, 3] })],
    ['before leading to page 0', encoded({ v: 1, sort: 'id', before: [3, 3], page: 0 })],
    ['a text id before an id sort', encoded({ v: 1, sort: 'id', before: ['3', 3], page: 1 })],
    ['last with a page', encoded({ v: 1, sort: 'id', last: true, page: 9 })],
    ['last that is false', encoded({ v: 1, sort: 'id', last: false })],
  ])('refuses %s', (_, text) => {
    expect(refusalOf(text).fieldErrors).toEqual({ cursor: [expect.any(String)] });
  });
});
