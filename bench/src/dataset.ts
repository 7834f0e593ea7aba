import type { Api, UserPage } from './api.js';
import type { Report } from './report.js';
import type { Dataset } from './scenarios.js';

const SIGN_IN_ACCOUNTS = 32;

/**
 * What the scenarios need, read from the seeded data through the API: the seeded id range, a
 * rare search term, a deep page's cursors; and 32 new accounts with passwords for the sign-in
 * scenarios, named after the run.
 */
export async function prepareData(
  api: Api,
  {
    adminId,
    runId,
    password,
    log,
  }: { adminId: number; runId: string; password: string; log: (line: string) => void },
): Promise<Dataset> {
  const first = (await api.ok<UserPage>('GET', '/api/v1/users?sort=id&per_page=1')).body.data[0]!.id;
  const ids: [number, number] = [first, adminId - 1];
  const middle = Math.floor((ids[0] + ids[1]) / 2);
  const email = (await api.ok<{ data: { email: string } }>('GET', `/api/v1/users/${middle}`)).body.data.email;
  // Seeded emails end in the user's number: "<number>@" matches that user (and few others).
  const rareSearch = `${/(\d+)@/.exec(email)?.[1] ?? middle}@`;
  const pages = (await api.ok<UserPage>('GET', '/api/v1/users?per_page=20')).body.meta.pages;
  const deep = Math.max(2, Math.floor(pages * 0.9));
  const started = performance.now();
  const deepPage = await api.ok<UserPage>('GET', `/api/v1/users?per_page=20&page=${deep}`);
  log(`page ${deep} of ${pages} by offset took ${(performance.now() - started).toFixed(0)} ms (done once)`);
  const signIns = [];
  for (let i = 0; i < SIGN_IN_ACCOUNTS; i++) {
    const account = { email: `bench-sign-in-${runId}-${i}@example.com`, password: `${password} ${i}` };
    await api.ok('POST', '/api/v1/users', { name: `Bench Sign-in ${i}`, ...account });
    signIns.push(account);
  }
  return {
    ids,
    commonSearch: 'smith',
    rareSearch,
    deepCursor: deepPage.body.meta.next_cursor ?? '',
    deepPrevCursor: deepPage.body.meta.prev_cursor ?? '',
    lastCursor: deepPage.body.meta.last_cursor ?? '',
    pages,
    signIns,
    runId,
  };
}

export async function matches(api: Api, q: string): Promise<Report['searches'][number]> {
  const path = `/api/v1/users?per_page=1&q=${encodeURIComponent(q)}`;
  const { meta } = (await api.ok<UserPage>('GET', path)).body;
  return { q, total: meta.total, exact: meta.total_exact };
}

export const describeSearch = (s: Report['searches'][number]) =>
  `"${s.q}": ${s.total.toLocaleString('en')}${s.exact ? '' : '+'} matches`;
