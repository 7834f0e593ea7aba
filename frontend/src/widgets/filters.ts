import { h } from '../dom.ts';
import { icon } from '../icons.ts';
import { clearFieldErrors, inputField, selectField, showFieldErrors } from './forms.ts';

/**
 * The filters over a list. The users screen applies each as it changes (a search box and
 * menus); the audit log gathers several into a form with a Filter button. Either way the
 * controller gets plain values and puts them in the URL.
 */

export interface Choice {
  value: string;
  label: string;
}

/** A search box with its icon; `/` elsewhere on the page moves to it (see `focusKey`). */
export function searchBox(options: { name: string; label: string; placeholder: string }): {
  element: HTMLElement;
  input: HTMLInputElement;
} {
  const input = h('input', {
    class: 'form-control',
    type: 'search',
    name: options.name,
    placeholder: options.placeholder,
    'aria-label': options.label,
    maxlength: 200,
    autocomplete: 'off',
  });
  const element = h(
    'div',
    { class: 'input-group' },
    h('span', { class: 'input-group-text' }, icon('search')),
    input,
  );
  return { element, input };
}

/** A menu whose first choice is "all" (no filter), named for screen readers. */
export function choiceFilter(options: {
  name: string;
  label: string;
  any: string;
  choices: readonly Choice[];
}): HTMLSelectElement {
  return h(
    'select',
    { class: 'form-select', name: options.name, 'aria-label': options.label },
    h('option', { value: '' }, options.any),
    options.choices.map((c) => h('option', { value: c.value }, c.label)),
  );
}

/** Selects `value`; one the menu does not list (from a link) is added, so the filter still shows. */
export function selectValue(select: HTMLSelectElement, value: string, label = value): void {
  if (value && ![...select.options].some((o) => o.value === value))
    select.append(h('option', { value }, label));
  select.value = value;
}

/** Puts `choices` after the menu's first ("any") choice, keeping what is selected. */
export function replaceChoices(select: HTMLSelectElement, choices: readonly Choice[]): void {
  const kept = select.selectedOptions[0];
  select.replaceChildren(
    select.options[0] ?? '',
    ...choices.map((c) => h('option', { value: c.value }, c.label)),
  );
  if (kept?.value) selectValue(select, kept.value, kept.textContent ?? kept.value);
  else select.value = '';
}

/**
 * "/" jumps to `input`, as on GitHub and many admin consoles, unless one is typing somewhere.
 * Returns the function that stops listening.
 */
export function focusKey(input: HTMLInputElement): () => void {
  const onKey = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement | null;
    if (event.key !== '/' || target?.closest('input, textarea, select, [contenteditable], .modal')) return;
    event.preventDefault();
    input.focus();
  };
  document.addEventListener('keydown', onKey);
  return () => document.removeEventListener('keydown', onKey);
}

export type FilterField =
  | { kind: 'number' | 'datetime'; name: string; label: string }
  /** Free text with suggestions (setSuggestions) as it is typed. */
  | { kind: 'text'; name: string; label: string; placeholder?: string }
  | { kind: 'choice'; name: string; label: string; any: string; choices: readonly Choice[] };

/** A labelled filter form with a Filter button; `values` reads it, `show` writes it. */
export function filterForm(options: {
  label: string;
  fields: readonly FilterField[];
  onSubmit: (values: Record<string, string>) => void;
  /** A text field changed: what it now holds, for suggestions. */
  onType?: (name: string, text: string) => void;
}): {
  element: HTMLFormElement;
  values: () => Record<string, string>;
  show: (values: Record<string, string>) => void;
  /** Puts `choices` in the menu `name` after its "any" choice (the server lists them later). */
  setChoices: (name: string, choices: readonly Choice[]) => void;
  /** What the text field `name` suggests as one types (a browser's own list under the field). */
  setSuggestions: (name: string, suggestions: readonly string[]) => void;
  /** A message under field `name`, which takes focus; none with `message` null. */
  showProblem: (name: string, message: string | null) => void;
} {
  const lists = new Map<string, HTMLDataListElement>();
  const textField = (field: { name: string; label: string; placeholder?: string }) => {
    const list = h('datalist', { id: `${field.name}-suggestions-${lists.size + 1}` });
    lists.set(field.name, list);
    const wrapped = inputField({
      label: field.label,
      name: field.name,
      attrs: {
        list: list.id,
        placeholder: field.placeholder,
        autocomplete: 'off',
        spellcheck: 'false',
        maxlength: 300,
      },
    });
    wrapped.append(list);
    return wrapped;
  };
  const column = (field: FilterField) =>
    h(
      'div',
      { class: 'col-6 col-md-4 col-xl-2' },
      field.kind === 'choice'
        ? selectField({
            label: field.label,
            name: field.name,
            choices: [{ value: '', label: field.any }, ...field.choices],
          })
        : field.kind === 'text'
          ? textField(field)
          : inputField({
              label: field.label,
              name: field.name,
              type: field.kind === 'number' ? 'number' : 'datetime-local',
              attrs: field.kind === 'number' ? { min: 1, inputmode: 'numeric' } : {},
            }),
    );
  const form = h(
    'form',
    { class: 'row g-2 align-items-end mb-3', role: 'search', 'aria-label': options.label, novalidate: true },
    options.fields.map(column),
    h('div', { class: 'col-12 mb-3' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Filter')),
  );
  const control = (name: string) => form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
  form.addEventListener('input', (event) => {
    const input = event.target as HTMLInputElement;
    if (lists.has(input.name)) options.onType?.(input.name, input.value);
  });
  const values = () => Object.fromEntries(options.fields.map((f) => [f.name, control(f.name).value]));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    options.onSubmit(values());
  });
  return {
    element: form,
    values,
    show(next) {
      for (const field of options.fields) {
        const element = control(field.name);
        const value = next[field.name] ?? '';
        // A choice the menu does not have (from a link) is still a valid filter: show it.
        if (element instanceof HTMLSelectElement) selectValue(element, value);
        else element.value = value;
      }
    },
    setSuggestions(name, suggestions) {
      lists.get(name)?.replaceChildren(...suggestions.map((value) => h('option', { value })));
    },
    showProblem(name, message) {
      if (message) showFieldErrors(form, { [name]: [message] })?.focus();
      else clearFieldErrors(form);
    },
    setChoices(name, choices) {
      replaceChoices(control(name) as HTMLSelectElement, choices);
    },
  };
}
