/**
 * Small DOM helpers. Text always goes in as text nodes, so whatever a user typed into a name
 * is shown as typed and never parsed as HTML.
 */

export type Child = Node | string | number | null | undefined | false | Child[];

type Listener = (event: Event) => void;
export type Attrs = Record<string, string | number | boolean | null | undefined | Listener>;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
  } else if (child instanceof Node) {
    parent.appendChild(child);
  } else {
    parent.appendChild(document.createTextNode(String(child)));
  }
}

/** Builds an element: `h('a', {href: '/x', class: 'btn'}, 'text', otherNode)`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') {
      element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else if (value !== false && value !== null && value !== undefined) {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

/** Replaces everything inside `parent`. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A typed lookup that fails loudly when the page is not what the code expects. */
export function find<T extends Element>(root: ParentNode, selector: string, type: new () => T): T {
  const element = root.querySelector(selector);
  if (!(element instanceof type)) throw new Error(`Missing ${type.name} ${selector}`);
  return element;
}

/** A spinner with a label for screen readers. */
export function spinner(label = 'Loading…', small = true): HTMLElement {
  return h(
    'span',
    { class: `spinner-border${small ? ' spinner-border-sm' : ''}`, role: 'status' },
    h('span', { class: 'visually-hidden' }, label),
  );
}

/** Marks a button busy while `task` runs, so a double click sends nothing twice. */
export async function whileBusy<T>(button: HTMLButtonElement, task: () => Promise<T>): Promise<T> {
  button.disabled = true;
  const mark = spinner('Working…');
  mark.classList.add('me-2');
  button.prepend(mark);
  try {
    return await task();
  } finally {
    mark.remove();
    button.disabled = false;
  }
}

/**
 * A table that scrolls sideways on a narrow screen. The wrapper takes keyboard focus so the
 * hidden columns can be reached without a mouse (WCAG 2.1.1).
 */
export function scrollingTable(label: string, table: HTMLTableElement): HTMLElement {
  return h('div', { class: 'table-responsive', tabindex: '0', role: 'group', 'aria-label': label }, table);
}
