import { describe, expect, inject, it } from 'vitest';
import { startBackend } from './backend.ts';
import { signIn } from './browser.ts';
import { useBrowser } from './support.ts';

describe("the server's rules in the console", () => {
  const browser = useBrowser();

  it("holds a new password to the server's minimum, read from its settings, not to a copy", async () => {
    const admin = { email: 'admin@example.com', password: 'a sixteen plus passphrase 2026' };
    const backend = await startBackend(inject('sparePort'), {
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      PASSWORD_MIN_LENGTH: '16',
    });
    try {
      const page = await browser.open();
      const errors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      await signIn(page, backend.baseUrl, admin.email, admin.password);
      await page.goto(`${backend.baseUrl}/console/account`);
      const form = page.getByRole('form', { name: 'Change password' });
      // The policy is spelled out under the field, as the server set it.
      await form.getByText('16 to 128 characters').waitFor();

      await form.getByLabel('Current password').fill(admin.password);
      await form.getByLabel('New password', { exact: true }).fill('fifteen chars!!');
      await form.getByLabel('Repeat the new password').fill('fifteen chars!!');
      await form.getByRole('button', { name: 'Change password' }).click();
      await expect
        .poll(() => form.locator('[data-feedback-for="new_password"]').textContent())
        .toBe('Use at least 16 characters.');
      // Every permission name the console asks about is one the server lists.
      expect(errors.filter((e) => e.includes('permissions'))).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});
