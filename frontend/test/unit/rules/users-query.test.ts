import { describe, expect, it } from 'vitest';
import {
  DEFAULT_USER_QUERY,
  hasFilters,
  parseUserQuery,
  userQueryString,
  withFilter,
} from '../../../src/rules/users-query.ts';
import { pageSizes } from '../../../src/rules/paging.ts';
import { sortState, toggleSort } from '../../../src/rules/sorting.ts';
import { SETTINGS } from '../../support/settings.ts';

const parse = (search: string, settings = SETTINGS) => parseUserQuery(new URLSearchParams(search), settings);

describe('the users screen state in the URL', () => {
  it('reads every part of the state', () => {
    expect(
      parse(
        '?q=ada&role=manager&status=disabled&group=4&email_verified=false&sort=-created_at&page=3&per_page=50',
      ),
    ).toEqual({
      q: 'ada',
      role: 'manager',
      status: 'disabled',
      group: '4',
      email_verified: 'false',
      sort: '-created_at',
      page: 3,
      per_page: 50,
      cursor: '',
    });
    // A page's cursor (base64url), in place of its number; anything else is no cursor.
    expect(parse('?cursor=eyJ2IjoxfQ_-').cursor).toBe('eyJ2IjoxfQ_-');
    expect(parse('?cursor=a%20b').cursor).toBe('');
  });

  it('falls back to the defaults for anything the API would refuse', () => {
    expect(parse('?role=owner&status=gone&sort=password&page=0&per_page=7')).toEqual(DEFAULT_USER_QUERY);
    // The columns the server sorts by, each way.
    for (const sort of ['role', '-status', 'last_login_at', '-last_login_at']) {
      expect(parse(`?sort=${sort}`).sort).toBe(sort);
    }
    expect(parse('?page=-2&per_page=1000')).toEqual(DEFAULT_USER_QUERY);
    expect(parse('?page=2.5')).toEqual(DEFAULT_USER_QUERY);
    expect(parse('?email_verified=yes')).toEqual(DEFAULT_USER_QUERY);
    // A group is an id the API takes: 1 to 2^31 - 1.
    expect(parse('?group=0').group).toBe('');
    expect(parse('?group=-3').group).toBe('');
    expect(parse('?group=editors').group).toBe('');
    expect(parse('?group=2147483648').group).toBe('');
    expect(parse('?group=2147483647').group).toBe('2147483647');
  });

  it("offers and takes only page sizes the server's lists take", () => {
    expect(parse('?per_page=100').per_page).toBe(100);
    const smaller = { ...SETTINGS, max_per_page: 50 };
    expect(parse('?per_page=100', smaller).per_page).toBe(DEFAULT_USER_QUERY.per_page);
    expect(parse('?per_page=50', smaller).per_page).toBe(50);
    expect(pageSizes(50)).toEqual([10, 20, 50]);
    expect(pageSizes(100)).toEqual([10, 20, 50, 100]);
  });

  it("filters by a role or status only when the server's settings list it", () => {
    const more = { ...SETTINGS, roles: [...SETTINGS.roles, 'owner'] };
    expect(parse('?role=owner').role).toBe('');
    expect(parse('?role=owner', more).role).toBe('owner');
  });

  it('writes only what differs from the defaults, and reads back what it wrote', () => {
    expect(userQueryString(DEFAULT_USER_QUERY)).toBe('');
    const query = { ...DEFAULT_USER_QUERY, q: 'o’brien & co', role: 'viewer' as const, group: '9', page: 2 };
    const text = userQueryString(query);
    expect(text).toBe('?q=o%E2%80%99brien+%26+co&role=viewer&group=9&page=2');
    expect(parse(text)).toEqual(query);
  });

  it('leaves a blank search out of the URL', () => {
    expect(userQueryString({ ...DEFAULT_USER_QUERY, q: '   ' })).toBe('');
  });

  it('sorts a column ascending first, then descending, then ascending again', () => {
    expect(toggleSort('id', 'name')).toBe('name');
    expect(toggleSort('name', 'name')).toBe('-name');
    expect(toggleSort('-name', 'name')).toBe('name');
    expect(sortState('-name', 'name')).toBe('descending');
    expect(sortState('name', 'name')).toBe('ascending');
    expect(sortState('name', 'email')).toBe('none');
  });

  it('starts again at page 1 when a filter changes', () => {
    const onPage4 = { ...DEFAULT_USER_QUERY, page: 4 };
    expect(withFilter(onPage4, { role: 'admin' })).toMatchObject({ role: 'admin', page: 1 });
    expect(hasFilters(onPage4)).toBe(false);
    expect(hasFilters({ ...onPage4, status: 'active' })).toBe(true);
    expect(hasFilters({ ...onPage4, group: '3' })).toBe(true);
    expect(withFilter(onPage4, { group: '3' })).toMatchObject({ group: '3', page: 1 });
  });
});
