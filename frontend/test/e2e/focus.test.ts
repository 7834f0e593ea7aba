import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/types.ts';
import { admin, apiAs, baseUrl, PASSWORD, signIn, unique, useBrowser } from './support.ts';

/** What a focus ring looks like on one control, read from its computed style. */
interface Ring {
  outline: string;
  outlineWidth: number;
  outlineColor: string;
  boxShadow: string;
}

interface Stop {
  /** The control's place among the page's focusable elements. */
  key: string;
  what: string;
  unfocused: Ring;
  focused: Ring;
  /** The page's background, which the ring's halo is drawn in. */
  page: string;
}

/** WCAG's contrast ratio of two `rgb(…)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, bl] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const linear = (c = 0) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(bl);
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

/**
 * Presses Tab until focus comes round again (it starts after the screen's heading, and goes
 * round past the end to the navigation bar), and reads each focused control's ring against the
 * same control unfocused (read first, with nothing focused).
 */
async function tabThrough(page: Page): Promise<Stop[]> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    const ring = (el: Element) => {
      const style = getComputedStyle(el);
      return {
        outline: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth),
        outlineColor: style.outlineColor,
        boxShadow: style.boxShadow,
      };
    };
    const all = document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]');
    all.forEach((el, i) => {
      (el as HTMLElement).dataset.focusProbe = String(i);
      (el as HTMLElement).dataset.unfocused = JSON.stringify(ring(el));
    });
  });
  const stops: Stop[] = [];
  const seen = new Set<string>();
  for (let presses = 0; presses < 200; presses++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body || !el.dataset.focusProbe) return null;
      const style = getComputedStyle(el);
      const name = el.getAttribute('aria-label') ?? el.textContent?.trim() ?? '';
      return {
        key: el.dataset.focusProbe,
        what: `${el.tagName.toLowerCase()} "${name.slice(0, 40)}"`,
        unfocused: JSON.parse(el.dataset.unfocused ?? '{}') as Ring,
        focused: {
          outline: style.outlineStyle,
          outlineWidth: parseFloat(style.outlineWidth),
          outlineColor: style.outlineColor,
          boxShadow: style.boxShadow,
        },
        page: getComputedStyle(document.body).backgroundColor,
      };
    });
    // Past the last control focus leaves the page for a moment, then starts again at the top.
    if (!stop) continue;
    // A date field takes several presses (day, month, year, time) and stays the focused element.
    if (stop.key === stops.at(-1)?.key) continue;
    if (seen.has(stop.key)) break;
    seen.add(stop.key);
    stops.push(stop);
  }
  return stops;
}

/** Each stop whose ring is missing, thin, faint, or no different from the control unfocused. */
function weakRings(stops: Stop[]): string[] {
  return stops.flatMap(({ what, focused, unfocused, page }) => {
    const problems: string[] = [];
    if (focused.outline !== 'solid' || focused.outlineWidth < 2) {
      problems.push(`${what}: outline ${focused.outline} ${focused.outlineWidth}px`);
    } else if (contrast(focused.outlineColor, page) < 3) {
      problems.push(`${what}: ring ${focused.outlineColor} on ${page} is under 3:1`);
    }
    if (
      focused.outline === unfocused.outline &&
      focused.outlineWidth === unfocused.outlineWidth &&
      focused.boxShadow === unfocused.boxShadow
    ) {
      problems.push(`${what}: looks the same focused and unfocused`);
    }
    return problems;
  });
}

describe('focus you can see', () => {
  const browser = useBrowser();
  const tag = unique();
  let user: User;

  beforeAll(async () => {
    const api = await apiAs(admin.email, admin.password);
    user = await api.createUser({
      name: `Focus ${tag}`,
      email: `focus-${tag}@example.com`,
      password: PASSWORD,
    });
    await apiAs(user.email, PASSWORD); // a session, so the user page lists one
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`rings every control Tab reaches on each screen, in the ${theme} theme`, async () => {
      const page = await browser.open({ colorScheme: theme });
      await page.context().addInitScript((t) => localStorage.setItem('ums-theme', t), theme);
      await signIn(page, admin.email, admin.password);
      // Each screen, and what shows it has finished loading.
      const screens: [string, string][] = [
        ['/console/overview', 'main [data-sign-in-totals]'],
        [`/console/users?q=${tag}`, 'main tbody tr'],
        [`/console/users/${user.id}`, 'main [aria-label="Recent activity"] tbody tr'],
        ['/console/audit', 'main tbody tr'],
        ['/console/account', 'main [aria-label="My sessions"] tbody tr'],
        ['/console/deleted-users', 'main [data-loaded="true"]'],
        ['/console/policies/dormant', 'main [data-count="disable"]'],
      ];
      for (const [path, ready] of screens) {
        await page.goto(`${baseUrl}${path}`);
        await page.locator(ready).first().waitFor();
        await expect.poll(() => page.locator('[aria-busy="true"]').count()).toBe(0);
        expect(await page.evaluate(() => document.documentElement.dataset.bsTheme)).toBe(theme);
        const stops = await tabThrough(page);
        const names = stops.map((s) => s.what).join('\n');
        // The controls the issue named are among those checked.
        expect(names, path).toMatch(/Sign out/);
        expect(names, path).toMatch(/Use the (dark|light) theme/);
        if (path.includes('?q=')) expect(names).toMatch(/Delete Focus/);
        expect(weakRings(stops), path).toEqual([]);
      }
    });
  }
});
