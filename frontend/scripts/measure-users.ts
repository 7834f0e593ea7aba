/**
 * How long the users screen takes to show its first page on localhost: from the start of a
 * full page load of /console/users (signed in, so the page renews its token from the cookie,
 * asks who is signed in, then lists users) to the table on screen, in headless Chromium.
 * A measurement to report, not a test: `npm run measure --workspace frontend`.
 */
import { ApiAs } from '../test/e2e/api-as.ts';
import { startBackend } from '../test/e2e/backend.ts';
import { launchBrowser, newContext, signIn } from '../test/e2e/browser.ts';

const USERS = Number(process.env.MEASURE_USERS ?? 1000);
const LOADS = Number(process.env.MEASURE_LOADS ?? 15);
const admin = { email: 'admin@example.com', password: 'measuring the console 2026' };

const backend = await startBackend(Number(process.env.MEASURE_PORT ?? 5205), {
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
});
const browser = await launchBrowser();
try {
  const api = await ApiAs.signIn(backend.baseUrl, admin.email, admin.password);
  for (let n = 1; n < USERS; n++) {
    await api.createUser({ name: `Person ${n}`, email: `person-${n}@example.com` });
  }
  const context = await newContext(browser);
  const page = await context.newPage();
  await signIn(page, backend.baseUrl, admin.email, admin.password);

  const report = (label: string, times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
    console.log(
      `${label}: median ${median.toFixed(0)} ms, worst ${sorted.at(-1)?.toFixed(0)} ms (${times.length} loads)`,
    );
  };

  // Cold: a new browser window with nothing cached but the sign-in cookie.
  const cold: number[] = [];
  let state = await context.storageState();
  for (let i = 0; i < 3; i++) {
    const fresh = await newContext(browser, { storageState: state });
    const coldPage = await fresh.newPage();
    await coldPage.goto(`${backend.baseUrl}/console/users`);
    await coldPage.locator('main [data-loaded="true"]').waitFor();
    cold.push(
      await coldPage.evaluate(() => performance.getEntriesByName('users:first-page')[0]?.startTime ?? NaN),
    );
    // The page renewed the refresh cookie; the next window must carry the new one.
    state = await fresh.storageState();
    await fresh.close();
  }
  await context.close();
  const warmContext = await newContext(browser, { storageState: state });
  const warmPage = await warmContext.newPage();
  const warm: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    await warmPage.goto(`${backend.baseUrl}/console/users`);
    await warmPage.locator('main [data-loaded="true"]').waitFor();
    warm.push(
      await warmPage.evaluate(() => performance.getEntriesByName('users:first-page')[0]?.startTime ?? NaN),
    );
  }
  console.log(`users screen, from navigation to the first page of ${USERS} users on screen:`);
  report('  cold (empty cache)', cold);
  report('  warm (files cached)', warm);
} finally {
  await browser.close();
  await backend.stop();
}
