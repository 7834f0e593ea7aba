import { describe, expect, it } from 'vitest';
import {
  changedGroupFields,
  DESCRIPTION_MAX,
  groupActions,
  validateGroupInput,
} from '../../../src/rules/group-rules.ts';
import {
  DEFAULT_GROUPS_QUERY,
  groupsApiQuery,
  groupsQueryString,
  membersQueryString,
  parseGroupsQuery,
  parseMembersQuery,
} from '../../../src/rules/groups-query.ts';
import { pageParams } from '../../../src/rules/paging.ts';
import type { Group } from '../../../src/types.ts';

const EDITORS: Group = {
  id: 3,
  name: 'Editors',
  description: 'Who may publish',
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  version: 2,
};

describe('the group rules', () => {
  it('wants a name as the server does, and a description of at most 1,000 characters once trimmed', () => {
    expect(validateGroupInput({ name: ' ', description: '' }, true)).toEqual({ name: ['Enter a name.'] });
    expect(validateGroupInput({ name: 'Tabs\there' }, true)).toHaveProperty('name');
    expect(validateGroupInput({ name: 'x'.repeat(101) }, true)).toHaveProperty('name');
    // Counted as people count them: an emoji is one character, surrounding spaces none.
    expect(
      validateGroupInput({ name: 'Ops', description: ` ${'😀'.repeat(DESCRIPTION_MAX)} ` }, true),
    ).toEqual({});
    expect(validateGroupInput({ name: 'Ops', description: 'x'.repeat(DESCRIPTION_MAX + 1) }, true)).toEqual({
      description: ['Use at most 1000 characters.'],
    });
    // An edit that leaves the name out does not need one.
    expect(validateGroupInput({ description: 'new' }, false)).toEqual({});
  });

  it('sends only what changed, trimmed, with a blank description as none', () => {
    expect(changedGroupFields(EDITORS, { name: ' Editors ', description: 'Who may publish' })).toEqual({});
    expect(changedGroupFields(EDITORS, { name: 'Writers', description: '  ' })).toEqual({
      name: 'Writers',
      description: null,
    });
    expect(
      changedGroupFields({ ...EDITORS, description: null }, { name: 'Editors', description: '' }),
    ).toEqual({});
    // Creating: everything given, a blank description left out.
    expect(changedGroupFields(undefined, { name: ' Ops ', description: '' })).toEqual({ name: 'Ops' });
  });

  it('offers edit and delete only with groups:write', () => {
    expect(groupActions((p) => p === 'groups:write')).toEqual(['edit', 'delete']);
    expect(groupActions((p) => p === 'groups:manage-members')).toEqual([]);
  });
});

describe('the groups screens state in the URL', () => {
  it('reads the search and the page, falling back to the defaults for what the API would refuse', () => {
    const read = (search: string) => parseGroupsQuery(new URLSearchParams(search));
    expect(read('?q=edit&page=3&per_page=50')).toEqual({ q: 'edit', page: 3, per_page: 50 });
    expect(read('?page=0&per_page=7')).toEqual(DEFAULT_GROUPS_QUERY);
    expect(read('?page=1000001&per_page=1000')).toEqual(DEFAULT_GROUPS_QUERY);
    expect(read(`?q=${'a'.repeat(300)}`).q).toHaveLength(200);
  });

  it('writes only what differs from the defaults, and reads back what it wrote', () => {
    expect(groupsQueryString(DEFAULT_GROUPS_QUERY)).toBe('');
    expect(groupsQueryString({ ...DEFAULT_GROUPS_QUERY, q: '  ' })).toBe('');
    const query = { q: 'r&d', page: 2, per_page: 10 };
    expect(groupsQueryString(query)).toBe('?q=r%26d&page=2&per_page=10');
    expect(parseGroupsQuery(new URLSearchParams(groupsQueryString(query)))).toEqual(query);
  });

  it('asks the API for a trimmed search, and none when it is blank', () => {
    expect(groupsApiQuery({ q: ' ed ', page: 1, per_page: 20 })).toEqual({ q: 'ed', page: 1, per_page: 20 });
    expect(groupsApiQuery({ q: ' ', page: 2, per_page: 20 })).toEqual({ page: 2, per_page: 20 });
  });

  it("keeps a group's page of members in the URL the same way", () => {
    expect(parseMembersQuery(new URLSearchParams('?page=4&per_page=100'))).toEqual({
      page: 4,
      per_page: 100,
    });
    expect(membersQueryString({ page: 1, per_page: 20 })).toBe('');
    expect(membersQueryString({ page: 4, per_page: 20 })).toBe('?page=4');
    expect(pageParams(new URLSearchParams('?page=2.5&per_page=-1'))).toEqual({ page: 1, per_page: 20 });
  });
});
