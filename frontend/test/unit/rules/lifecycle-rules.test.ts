import { describe, expect, it } from 'vitest';
import {
  activityQuery,
  erasureConfirmed,
  exportFileName,
  previewSentence,
  runSentence,
} from '../../../src/rules/lifecycle-rules.ts';
import {
  apiQuery,
  DEFAULT_USER_QUERY,
  parseUserQuery,
  userQueryString,
} from '../../../src/rules/users-query.ts';
import { bulkRequest } from '../../../src/rules/bulk-rules.ts';
import type { DormantPreview } from '../../../src/types/lifecycle.ts';
import { SETTINGS } from '../../support/settings.ts';

const NOW = new Date('2026-12-06T21:40:00.000Z');

describe('the users list’s sign-in activity filter', () => {
  it('asks for a last sign-in before the start of the UTC day N days ago, the same all day', () => {
    expect(activityQuery('inactive-30', NOW)).toEqual({ last_login_before: '2026-11-06T00:00:00.000Z' });
    expect(activityQuery('inactive-90', NOW)).toEqual({ last_login_before: '2026-09-07T00:00:00.000Z' });
    expect(activityQuery('inactive-180', new Date('2026-12-06T00:00:01Z'))).toEqual(
      activityQuery('inactive-180', new Date('2026-12-06T23:59:59Z')),
    );
    expect(activityQuery('never', NOW)).toEqual({ never_signed_in: true });
    expect(activityQuery('', NOW)).toEqual({});
  });

  it('keeps the menu in the URL, drops what it does not offer, and sends the API its own names', () => {
    const query = parseUserQuery(new URLSearchParams('?activity=inactive-90&sort=-last_login_at'), SETTINGS);
    expect(query.activity).toBe('inactive-90');
    expect(userQueryString(query)).toBe('?activity=inactive-90&sort=-last_login_at');
    expect(parseUserQuery(new URLSearchParams('?activity=inactive-7'), SETTINGS)).toEqual(DEFAULT_USER_QUERY);
    const asked = apiQuery(query, NOW);
    expect(asked).not.toHaveProperty('activity');
    expect(asked).toMatchObject({ sort: '-last_login_at', last_login_before: '2026-09-07T00:00:00.000Z' });
  });
});

describe('a bulk change to every user the list matches', () => {
  const DISABLE = {
    action: 'disable',
    label: 'Disable',
    verb: 'will be disabled',
    permission: 'users:update',
  };

  it('carries the sign-in filter as the list asked for it', () => {
    const matching = { ...DEFAULT_USER_QUERY, role: 'viewer', activity: 'inactive-90' };
    expect(bulkRequest(DISABLE, { matching }, true, NOW)).toEqual({
      action: 'disable',
      filter: { role: 'viewer', last_login_before: '2026-09-07T00:00:00.000Z' },
      dry_run: true,
    });
  });
});

describe('erasure and export', () => {
  it('takes the e-mail typed again as the server compares it, trimmed and in any case', () => {
    expect(erasureConfirmed('  Ada@Example.com ', 'ada@example.com')).toBe(true);
    expect(erasureConfirmed('ada@example.co', 'ada@example.com')).toBe(false);
    expect(erasureConfirmed('', 'ada@example.com')).toBe(false);
  });

  it('names the downloaded file after whose data it is and the day', () => {
    expect(exportFileName({ id: 7 }, NOW)).toBe('user-7-data-2026-12-06.json');
    expect(exportFileName('me', NOW)).toBe('my-data-2026-12-06.json');
  });
});

describe('the dormant policy’s sentences', () => {
  const preview = (over: Partial<DormantPreview> = {}): DormantPreview => ({
    enabled: true,
    after_days: 90,
    warn_days: 14,
    mail: true,
    as_of: NOW.toISOString(),
    counts: { disable: 3, warn: 1, kept_admins: 0 },
    disable: [],
    warn: [],
    ...over,
  });

  it('says what a run would do now, and when warnings cannot go out', () => {
    expect(previewSentence(preview())).toBe('3 accounts would be disabled now; 1 person would be warned.');
    expect(previewSentence(preview({ mail: false, counts: { disable: 1, warn: 2, kept_admins: 1 } }))).toBe(
      '1 account would be disabled now; 2 people are due a warning, but no mail is configured; ' +
        '1 admin is kept so an active admin remains.',
    );
  });

  it('says what a finished run did', () => {
    expect(runSentence({ disabled: 2, warned: 0, skipped: 1 })).toBe(
      'Done: 2 accounts disabled, 0 people warned, 1 admin kept.',
    );
    expect(runSentence({ skipped: 'policy off' })).toBe('The policy is off: the run changed nothing.');
  });
});
