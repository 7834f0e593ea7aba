import type { FieldErrors } from '../api.ts';
import { h, type Attrs, type Child } from '../dom.ts';

let counter = 0;

export interface FieldOptions {
  label: string;
  name: string;
  type?: string;
  value?: string;
  help?: string;
  attrs?: Attrs;
}

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const isControl = (element: unknown): element is Control =>
  element instanceof HTMLInputElement ||
  element instanceof HTMLSelectElement ||
  element instanceof HTMLTextAreaElement;

function wrap(control: Control, label: string, help: string | undefined, id: string): HTMLElement {
  const feedbackId = `${id}-feedback`;
  const helpId = help ? `${id}-help` : null;
  control.setAttribute('aria-describedby', [helpId, feedbackId].filter(Boolean).join(' '));
  return h(
    'div',
    { class: 'mb-3' },
    h('label', { class: 'form-label', for: id }, label),
    control,
    helpId ? h('div', { class: 'form-text', id: helpId }, help) : null,
    h('div', { class: 'invalid-feedback', id: feedbackId, 'data-feedback-for': control.name }),
  );
}

/** A labelled input with a place for its error under it, tied together for screen readers. */
export function inputField(options: FieldOptions): HTMLElement {
  const id = `field-${options.name}-${++counter}`;
  const input = h('input', {
    class: 'form-control',
    id,
    name: options.name,
    type: options.type ?? 'text',
    ...options.attrs,
  });
  input.value = options.value ?? '';
  return wrap(input, options.label, options.help, id);
}

export function selectField(
  options: FieldOptions & { choices: readonly { value: string; label: string }[] },
): HTMLElement {
  const id = `field-${options.name}-${++counter}`;
  const select = h(
    'select',
    { class: 'form-select', id, name: options.name, ...options.attrs },
    options.choices.map((c) => h('option', { value: c.value }, c.label)),
  );
  select.value = options.value ?? options.choices[0]?.value ?? '';
  return wrap(select, options.label, options.help, id);
}

/** Free text over several lines (a description). */
export function textAreaField(options: FieldOptions & { rows?: number }): HTMLElement {
  const id = `field-${options.name}-${++counter}`;
  const area = h('textarea', {
    class: 'form-control',
    id,
    name: options.name,
    rows: options.rows ?? 3,
    ...options.attrs,
  });
  area.value = options.value ?? '';
  return wrap(area, options.label, options.help, id);
}

export function control(form: HTMLFormElement, name: string): Control {
  const element = form.elements.namedItem(name);
  if (!isControl(element)) throw new Error(`The form has no field ${name}`);
  return element;
}

export function value(form: HTMLFormElement, name: string): string {
  return control(form, name).value;
}

/** Shows each field's first message under it; returns the first field in error, to focus. */
export function showFieldErrors(form: HTMLFormElement, errors: FieldErrors): Control | null {
  clearFieldErrors(form);
  let first: Control | null = null;
  for (const [name, messages] of Object.entries(errors)) {
    const element = form.elements.namedItem(name);
    if (!isControl(element)) continue;
    element.classList.add('is-invalid');
    element.setAttribute('aria-invalid', 'true');
    const feedback = form.querySelector(`[data-feedback-for="${name}"]`);
    if (feedback) feedback.textContent = messages.join(' ');
    first ??= element;
  }
  return first;
}

export function clearFieldErrors(form: HTMLFormElement): void {
  for (const element of form.querySelectorAll('.is-invalid')) {
    element.classList.remove('is-invalid');
    element.removeAttribute('aria-invalid');
  }
  for (const feedback of form.querySelectorAll('[data-feedback-for]')) feedback.textContent = '';
}

/** Field errors the form has no field for (a server rule about something else) as text. */
export function otherErrors(form: HTMLFormElement, errors: FieldErrors): string[] {
  return Object.entries(errors)
    .filter(([name]) => !form.elements.namedItem(name))
    .map(([name, messages]) => `${name}: ${messages.join(' ')}`);
}

/** An alert for the form as a whole, announced when it appears. */
export function formAlert(kind: 'danger' | 'warning' | 'info', ...content: Child[]): HTMLElement {
  return h('div', { class: `alert alert-${kind}`, role: 'alert' }, ...content);
}
