/** A table's sort as the API takes it: a field, `-` in front for descending. */

/** Clicking a column: ascending first, then descending, then ascending again. */
export function toggleSort(current: string, field: string): string {
  return current === field ? `-${field}` : field;
}

/** How a column is sorted now, for `aria-sort`. */
export function sortState(current: string, field: string): 'ascending' | 'descending' | 'none' {
  if (current === field) return 'ascending';
  if (current === `-${field}`) return 'descending';
  return 'none';
}
