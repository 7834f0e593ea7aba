/** Light and dark themes through Bootstrap's colour modes, remembered in this browser. */

export type Theme = 'light' | 'dark';

const KEY = 'ums-theme';

/** The theme to start with: the one chosen before, else the system's preference. */
export function initialTheme(stored: string | null, prefersDark: boolean): Theme {
  if (stored === 'light' || stored === 'dark') return stored;
  return prefersDark ? 'dark' : 'light';
}

function storedTheme(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null; // storage refused (private mode, policy): fall back to the system's choice
  }
}

export function currentTheme(): Theme {
  return document.documentElement.dataset.bsTheme === 'dark' ? 'dark' : 'light';
}

export function applyTheme(
  theme: Theme = initialTheme(storedTheme(), matchMedia('(prefers-color-scheme: dark)').matches),
): void {
  document.documentElement.dataset.bsTheme = theme;
  document.dispatchEvent(new CustomEvent('themechange', { detail: theme }));
}

export function toggleTheme(): Theme {
  const next: Theme = currentTheme() === 'dark' ? 'light' : 'dark';
  try {
    localStorage.setItem(KEY, next);
  } catch {
    // not remembered, still applied
  }
  applyTheme(next);
  return next;
}
