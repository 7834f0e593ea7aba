import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinnedEmails, findUsersByEmails } from '../../src/db/imports.repository.js';
import { findBinnedByEmail } from '../../src/db/recycle-bin.repository.js';
import { findUserByEmail } from '../../src/db/users.repository.js';
import { dialect } from '../support/app.js';
import { explainableDb, type ExplainableDb } from '../support/query-plans.js';
import { insertUsers } from '../support/users.js';

/**
 * Every lookup of users by e-mail address is served by an index. The email's unique index
 * covers live users only (migration 015), so a query that does not say `deleted_at is null` can
 * not use it: the import's check of 100,000 rows against a million users read the whole table
 * once a batch of 500 (69 s for its dry run). Binned addresses have an index of their own
 * (migration 016). Each lookup is explained on the database and must name its index and scan
 * no table.
 */
describe(`the indexes behind lookups by e-mail, on ${dialect}`, () => {
  let explainable: ExplainableDb;

  beforeAll(async () => {
    explainable = await explainableDb();
    const ids = await insertUsers(
      explainable.db,
      Array.from({ length: 40 }, (_, i) => ({ name: `Person ${i}`, email: `person${i}@example.com` })),
    );
    await explainable.db
      .updateTable('users')
      .set({ deleted_at: '2026-12-01T00:00:00.000Z' })
      .where('id', 'in', ids.slice(0, 5))
      .execute();
  });
  afterAll(async () => {
    await explainable.close();
  });

  const emails = ['person1@example.com', 'person20@example.com', 'nobody@example.com'];
  const lookups: [string, string, () => Promise<unknown>][] = [
    [
      'sign-in and the import job: findUserByEmail',
      'users_email_key',
      () => findUserByEmail(explainable.db, emails[1]!),
    ],
    [
      'the import check: findUsersByEmails',
      'users_email_key',
      () => findUsersByEmails(explainable.db, emails),
    ],
    [
      'the import check: findBinnedEmails',
      'users_binned_email_idx',
      () => findBinnedEmails(explainable.db, emails),
    ],
    [
      'every create: findBinnedByEmail',
      'users_binned_email_idx',
      () => findBinnedByEmail(explainable.db, emails[0]!),
    ],
  ];

  for (const [name, index, run] of lookups) {
    it(`${name} reads ${index}`, async () => {
      explainable.clear();
      await run();
      expect(explainable.sent).toHaveLength(1);
      const query = explainable.sent[0]!;
      const plan = await explainable.plan(query);
      expect(plan, query.sql).toContain(index);
      expect(plan, query.sql).not.toMatch(/SCAN users\b|Seq Scan/);
    });
  }

  it('finds what each lookup is for: live users by address, binned ones apart', async () => {
    const live = await findUsersByEmails(explainable.db, emails);
    expect([...live.keys()]).toEqual(['person20@example.com']);
    const binned = await findBinnedEmails(explainable.db, emails);
    expect([...binned.keys()]).toEqual(['person1@example.com']);
    expect(await findUserByEmail(explainable.db, 'person1@example.com')).toBeUndefined();
  });
});
