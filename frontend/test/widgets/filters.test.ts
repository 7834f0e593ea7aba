import { describe, expect, it } from 'vitest';
import { choiceFilter, filterForm, replaceChoices, selectValue } from '../../src/widgets/filters.ts';

function form(submitted: Record<string, string>[] = []) {
  return filterForm({
    label: 'Filter events',
    fields: [
      { kind: 'number', name: 'actor_id', label: 'Actor id' },
      { kind: 'choice', name: 'action', label: 'Action', any: 'Any action', choices: [] },
    ],
    onSubmit: (values) => submitted.push(values),
  });
}

describe('the filter form', () => {
  it('reads and writes its fields, and gives them on submit', () => {
    const submitted: Record<string, string>[] = [];
    const filters = form(submitted);
    filters.setChoices('action', [{ value: 'user.created', label: 'User created' }]);
    filters.show({ actor_id: '3', action: 'user.created' });
    filters.element.requestSubmit();
    expect(submitted).toEqual([{ actor_id: '3', action: 'user.created' }]);
  });

  it('shows a choice the menu does not list (from a link) rather than dropping it', () => {
    const filters = form();
    filters.show({ action: 'group.renamed' });
    expect(filters.values().action).toBe('group.renamed');
    // The server's list arriving later keeps the first "any" choice and the selection.
    filters.setChoices('action', [{ value: 'user.created', label: 'User created' }]);
    filters.show({ action: 'group.renamed' });
    const labels = [...filters.element.querySelectorAll('select option')].map((o) => o.textContent);
    expect(labels).toEqual(['Any action', 'User created', 'group.renamed']);
  });
});

describe('a menu filled later', () => {
  it('shows a choice from a link before the list arrives, by the label it is given, and keeps it', () => {
    const select = choiceFilter({ name: 'group', label: 'Group', any: 'All groups', choices: [] });
    selectValue(select, '12', 'Group 12');
    expect(select.value).toBe('12');
    // The list arrives without it (not among the first groups): it stays, with its label.
    replaceChoices(select, [{ value: '3', label: 'Editors' }]);
    expect([...select.options].map((o) => o.textContent)).toEqual(['All groups', 'Editors', 'Group 12']);
    expect(select.value).toBe('12');
    // With it, by its name.
    replaceChoices(select, [
      { value: '3', label: 'Editors' },
      { value: '12', label: 'Writers' },
    ]);
    expect([...select.options].map((o) => o.textContent)).toEqual(['All groups', 'Editors', 'Writers']);
    expect(select.value).toBe('12');
    selectValue(select, '');
    expect(select.selectedOptions[0]?.textContent).toBe('All groups');
  });
});
