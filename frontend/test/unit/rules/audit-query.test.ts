import { describe, expect, it } from 'vitest';
import {
  actionLabel,
  auditQueryString,
  changeRows,
  DEFAULT_AUDIT_QUERY,
  parseAuditQuery,
  pickPerson,
  readPersonText,
  targetTypeLabel,
  toIso,
  toLocalInput,
} from '../../../src/rules/audit-query.ts';
import type { Changes } from '../../../src/types.ts';
import { CATALOG, SETTINGS } from '../../support/settings.ts';

const parse = (search: string, maxPerPage = SETTINGS.max_per_page) =>
  parseAuditQuery(new URLSearchParams(search), maxPerPage);

describe('the audit screen state and how changes read', () => {
  it('reads filters from the URL and writes them back', () => {
    const search = '?actor_id=3&target_id=12&action=user.updated&from=2026-01-01T00%3A00%3A00.000Z&page=2';
    const query = parse(search);
    expect(query).toEqual({
      ...DEFAULT_AUDIT_QUERY,
      actor_id: '3',
      target_id: '12',
      action: 'user.updated',
      from: '2026-01-01T00:00:00.000Z',
      page: 2,
    });
    expect(auditQueryString(query)).toBe(search);
  });

  it("takes a page size up to the server's largest, and no larger", () => {
    expect(parse('?per_page=100').per_page).toBe(100);
    expect(parse('?per_page=50', 40).per_page).toBe(DEFAULT_AUDIT_QUERY.per_page);
    expect(parse('?per_page=40', 40).per_page).toBe(40);
  });

  it('drops filters the API would refuse', () => {
    expect(parse('?actor_id=me&action=<b>&from=yesterday&page=x')).toEqual(DEFAULT_AUDIT_QUERY);
  });

  it('moves between ISO moments and the local date-time field', () => {
    const local = '2026-03-04T05:06';
    expect(toLocalInput(toIso(local))).toBe(local);
    expect(toIso('')).toBe('');
    expect(toLocalInput('not a date')).toBe('');
  });

  it('shows each change as before and after, with a dash for nothing', () => {
    expect(
      changeRows({ status: ['active', 'disabled'], name: [null, 'Ada'], role: ['viewer', null] }),
    ).toEqual([
      { field: 'name', before: '—', after: 'Ada' },
      { field: 'role', before: 'viewer', after: '—' },
      { field: 'status', before: 'active', after: 'disabled' },
    ]);
    expect(changeRows({ count: [1, 2], flag: [false, true] })).toEqual([
      { field: 'count', before: '1', after: '2' },
      { field: 'flag', before: 'false', after: 'true' },
    ]);
    expect(changeRows(null)).toEqual([]);
  });

  it("names actions and target types with the server's labels; an unknown action by its raw name", () => {
    expect(actionLabel(CATALOG, 'auth.login')).toBe('Signed in');
    expect(actionLabel(CATALOG, 'group.renamed')).toBe('group.renamed');
    expect(targetTypeLabel(CATALOG, 'user')).toBe('User');
    expect(targetTypeLabel(CATALOG, 'group')).toBe('Group');
  });

  it('keeps a target type filter in the URL', () => {
    const query = parse('?target_type=user&target_id=4');
    expect(query).toMatchObject({ target_type: 'user', target_id: '4' });
    expect(auditQueryString(query)).toBe('?target_type=user&target_id=4');
    expect(parse('?target_type=User%20s').target_type).toBe('');
  });

  it('leaves out what every create sets (its id and times), but not from other actions', () => {
    const changes: Changes = { id: [null, 9], created_at: [null, 'now'], name: [null, 'Ada'] };
    expect(changeRows({ ...changes }, 'user.created').map((r) => r.field)).toEqual(['name']);
    expect(changeRows({ ...changes }, 'user.updated').map((r) => r.field)).toEqual([
      'created_at',
      'id',
      'name',
    ]);
  });

  it('reads a person filter as an id, an address, "Name <address>" or a name', () => {
    expect(readPersonText(' 42 ')).toEqual({ id: '42' });
    expect(readPersonText('')).toEqual({ id: '' });
    expect(readPersonText('Ada@Example.com')).toEqual({
      search: 'ada@example.com',
      email: 'ada@example.com',
    });
    expect(readPersonText('Ada L. <ada@example.com>')).toEqual({
      search: 'ada@example.com',
      email: 'ada@example.com',
    });
    expect(readPersonText('Ada')).toEqual({ search: 'Ada', email: null });
  });

  it('picks the one person a search means, or none when it means several', () => {
    const ada = { id: 7, name: 'Ada', email: 'ada@example.com' };
    const adam = { id: 8, name: 'Adam', email: 'adam@example.com' };
    expect(pickPerson([ada, adam], readPersonText('ada'))).toBe(ada);
    expect(pickPerson([ada, adam], readPersonText('ad'))).toBeNull();
    expect(pickPerson([ada, adam], readPersonText('adam@example.com'))).toBe(adam);
    expect(pickPerson([adam], readPersonText('ad'))).toBe(adam);
    expect(pickPerson([], readPersonText('x'))).toBeNull();
  });
});
