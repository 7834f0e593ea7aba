import 'bootstrap/js/dist/collapse';
import { fill, h } from '../dom.ts';
import { icon, type IconName } from '../icons.ts';
import { ACCOUNT, BASE } from '../paths.ts';
import { currentTheme, toggleTheme } from '../theme.ts';
import type { User } from '../types.ts';

export interface NavLink {
  href: string;
  label: string;
  icon: IconName;
}

/** What the bar shows: who is signed in (or nobody), their links, and the screen on show. */
export interface LayoutState {
  user: User | null;
  /** The registry's links this person may follow; none during a forced password change. */
  links: NavLink[];
  pathname: string;
}

/** The frame around every screen: the navigation bar (when signed in) and the main region. */
export interface Layout {
  root: HTMLElement;
  main: HTMLElement;
  /** Redraws the bar for who is signed in (or nobody) and marks the screen on show. */
  update(state: LayoutState): void;
}

export function themeButton(): HTMLButtonElement {
  const button = h('button', {
    type: 'button',
    class: 'btn btn-quiet btn-sm',
    'data-theme-toggle': '',
  });
  const draw = () => {
    const dark = currentTheme() === 'dark';
    fill(
      button,
      icon(dark ? 'sun' : 'moon'),
      h('span', { class: 'visually-hidden' }, dark ? 'Use the light theme' : 'Use the dark theme'),
    );
    button.title = dark ? 'Use the light theme' : 'Use the dark theme';
  };
  button.addEventListener('click', () => {
    toggleTheme();
  });
  document.addEventListener('themechange', draw);
  draw();
  return button;
}

function navLink({ href, label, icon: iconName }: NavLink, pathname: string): HTMLElement {
  const active = pathname === href || pathname.startsWith(`${href}/`);
  return h(
    'li',
    { class: 'nav-item' },
    h(
      'a',
      { class: `nav-link${active ? ' active' : ''}`, href, 'aria-current': active ? 'page' : null },
      icon(iconName, 'me-1'),
      label,
    ),
  );
}

export function createLayout(signOut: () => void): Layout {
  const nav = h('nav', {
    class: 'navbar navbar-expand-md bg-body-tertiary border-bottom',
    'aria-label': 'Main',
  });
  const main = h('main', { id: 'main', class: 'container-xl py-3', tabindex: '-1' });
  const root = h('div', { class: 'min-vh-100 d-flex flex-column' }, nav, main);
  const theme = themeButton();

  return {
    root,
    main,
    update({ user, links, pathname }) {
      if (!user) {
        fill(
          nav,
          h('div', { class: 'container-xl' }, h('span', { class: 'navbar-brand' }, 'User Management'), theme),
        );
        return;
      }
      const items = links.map((link) => navLink(link, pathname));
      fill(
        nav,
        h(
          'div',
          { class: 'container-xl' },
          h('a', { class: 'navbar-brand', href: `${BASE}/` }, icon('shieldLock', 'me-2'), 'User Management'),
          h(
            'button',
            {
              class: 'navbar-toggler',
              type: 'button',
              'data-bs-toggle': 'collapse',
              'data-bs-target': '#main-nav',
              'aria-controls': 'main-nav',
              'aria-expanded': 'false',
              'aria-label': 'Show the menu',
            },
            h('span', { class: 'navbar-toggler-icon' }),
          ),
          h(
            'div',
            { class: 'collapse navbar-collapse', id: 'main-nav' },
            h('ul', { class: 'navbar-nav me-auto' }, items),
            h(
              'div',
              { class: 'd-flex flex-wrap align-items-center gap-2 py-2 py-md-0' },
              theme,
              h(
                'a',
                {
                  class: `btn btn-sm btn-quiet text-truncate${pathname.startsWith(ACCOUNT) ? ' active' : ''}`,
                  style: 'max-width: 14rem',
                  href: ACCOUNT,
                  'aria-current': pathname.startsWith(ACCOUNT) ? 'page' : null,
                  title: `My account (${user.email})`,
                },
                icon('personCircle', 'me-1'),
                user.name,
              ),
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-sm btn-quiet',
                  'data-sign-out': '',
                  onclick: () => signOut(),
                },
                icon('boxArrowRight', 'me-1'),
                'Sign out',
              ),
            ),
          ),
        ),
      );
    },
  };
}
