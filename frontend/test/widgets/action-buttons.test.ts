import { describe, expect, it } from 'vitest';
import { pageButtons, rowButtons } from '../../src/widgets/action-buttons.ts';
import { inputField, showFieldErrors, textAreaField, value } from '../../src/widgets/forms.ts';

describe('action buttons', () => {
  it("names a row's icon buttons with the item for screen readers, and runs each one's action", () => {
    const ran: string[] = [];
    const row = rowButtons('<b>Editors</b>', [
      { action: 'edit', label: 'Edit', icon: 'pencil', run: () => ran.push('edit') },
      { action: 'delete', label: 'Delete', icon: 'trash', danger: true, run: () => ran.push('delete') },
    ]);
    const buttons = [...row.querySelectorAll('button')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
      'Edit <b>Editors</b>',
      'Delete <b>Editors</b>',
    ]);
    expect(row.querySelector('b')).toBeNull();
    expect(row.getAttribute('aria-label')).toBe('Actions for <b>Editors</b>');
    expect(buttons[1]?.className).toContain('btn-quiet-danger');
    buttons[1]?.click();
    expect(ran).toEqual(['delete']);
  });

  it("labels a page's buttons with words, found by data-action", () => {
    const page = pageButtons([
      { action: 'add-member', label: 'Add member', icon: 'personPlus', run: () => {} },
    ]);
    expect(page.querySelector('[data-action="add-member"]')?.textContent?.trim()).toBe('Add member');
  });
});

describe('a text area in a form', () => {
  it('reads like any field and shows its error under it, marked for screen readers', () => {
    const form = document.createElement('form');
    form.append(
      inputField({ label: 'Name', name: 'name' }),
      textAreaField({ label: 'Description', name: 'description', value: 'two\nlines' }),
    );
    expect(value(form, 'description')).toBe('two\nlines');
    const first = showFieldErrors(form, { description: ['Too long.'] });
    expect(first?.name).toBe('description');
    expect(first?.getAttribute('aria-invalid')).toBe('true');
    expect(form.querySelector('[data-feedback-for="description"]')?.textContent).toBe('Too long.');
  });
});
