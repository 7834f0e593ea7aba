import { describe, expect, it } from 'vitest';
import { dataTable, type Column } from '../../src/widgets/data-table.ts';

interface Row {
  id: number;
  name: string;
}

const NAME: Column<Row> = { label: 'Name', sort: 'name', cell: (row) => row.name };
const rows: Row[] = [
  { id: 4, name: '<img src=x onerror=alert(1)>' },
  { id: 9, name: 'Grace' },
];

describe('the data table', () => {
  it('shows what people typed as text, never as markup, and marks rows by id', () => {
    const table = dataTable({ label: 'People', columns: [NAME], rows, rowId: (r) => r.id });
    expect(table.querySelectorAll('img')).toHaveLength(0);
    expect([...table.querySelectorAll('tbody tr')].map((tr) => tr.getAttribute('data-id'))).toEqual([
      '4',
      '9',
    ]);
    expect(table.querySelector('tbody tr[data-id="4"] td')?.textContent).toBe(rows[0]?.name);
    expect(table.querySelector('caption')?.textContent).toBe('People');
    expect(table.getAttribute('aria-label')).toBe('People');
  });

  it('sorts by a column: the header says how, a click asks for the other way', () => {
    const asked: string[] = [];
    const table = dataTable({
      label: 'People',
      columns: [NAME, { label: 'Id', cell: (r) => r.id }],
      rows,
      rowId: (r) => r.id,
      sort: { current: 'name', onSort: (next) => asked.push(next) },
    });
    const header = table.querySelector('th[aria-sort]');
    expect(header?.getAttribute('aria-sort')).toBe('ascending');
    table.querySelector<HTMLButtonElement>('[data-sort="name"]')?.click();
    expect(asked).toEqual(['-name']);
    // A column without a sort field is a plain header.
    expect(table.querySelectorAll('th button')).toHaveLength(1);
  });

  it('leaves out a column some people do not see, and puts each column class on its cells', () => {
    const table = dataTable({
      label: 'People',
      columns: [
        NAME,
        false,
        { label: 'Id', className: 'd-none d-lg-table-cell', cellClass: 'small', cell: (r) => r.id },
      ],
      rows,
      rowId: (r) => r.id,
    });
    expect([...table.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['Name', 'Id']);
    expect(table.querySelector('tbody td:last-child')?.className).toBe('d-none d-lg-table-cell small');
  });
});
