import type { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listUsers } from '../../src/services/user-list.service.js';
import { dialect } from '../support/app.js';
import { explainableDb, type ExplainableDb } from '../support/query-plans.js';
import { insertUsers } from '../support/users.js';

/**
 * The users list's sorts by role, status and last sign-in each have an index (migration 007),
 * and the last sign-in's is on an expression the repository must write exactly as the migration
 * does. Each page query the list sends, the first page and one after a cursor, is explained on
 * the database: it must read the index in order and sort nothing itself.
 */

const INDEXES: Record<string, string> = {
  role: 'users_role_id_idx',
  status: 'users_status_id_idx',
  last_login_at: 'users_last_login_idx',
};

describe(`the indexes the users list sorts by, on ${dialect}`, () => {
  let explainable: ExplainableDb;

  beforeAll(async () => {
    explainable = await explainableDb();
    await insertUsers(
      explainable.db,
      Array.from({ length: 60 }, (_, i) => ({
        name: `Person ${i}`,
        email: `person${i}@example.com`,
        role: (['admin', 'manager', 'viewer'] as const)[i % 3],
        status: i % 4 === 0 ? 'disabled' : 'active',
        last_login_at: i % 3 === 0 ? null : `2026-0${1 + (i % 9)}-01T00:00:00.000Z`,
      })),
    );
  });
  afterAll(async () => {
    await explainable.close();
  });

  /** The page query of one list request (the one that orders rows). */
  async function pageQuery(run: () => Promise<unknown>): Promise<CompiledQuery> {
    explainable.clear();
    await run();
    const query = explainable.sent.find((q) => /order by/i.test(q.sql));
    if (!query) throw new Error('the list sent no ordered query');
    return query;
  }

  for (const [field, index] of Object.entries(INDEXES)) {
    for (const sort of [field, `-${field}`] as const) {
      it(`reads ${index} in order for sort=${sort}, on the first page and after a cursor`, async () => {
        const request = { sort: sort as never, per_page: 7 };
        const first = await listUsers(explainable.db, request);
        const cursor = first.meta.next_cursor!;
        for (const query of [
          await pageQuery(() => listUsers(explainable.db, request)),
          await pageQuery(() => listUsers(explainable.db, { cursor, per_page: 7 })),
        ]) {
          const text = await explainable.plan(query);
          expect(text, query.sql).toContain(index);
          expect(text, query.sql).not.toMatch(/TEMP B-TREE|Sort/);
        }
      });
    }
  }
});
