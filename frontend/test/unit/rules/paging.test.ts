import { describe, expect, it } from 'vitest';
import { pageItems, rangeLabel } from '../../../src/rules/paging.ts';

describe('page links', () => {
  it('shows every page when there are few', () => {
    expect(pageItems(1, 1)).toEqual([1]);
    expect(pageItems(2, 4)).toEqual([1, 2, 3, 4]);
    expect(pageItems(1, 0)).toEqual([]);
  });

  it('keeps the first, the last and the pages around the current one, with gaps between', () => {
    expect(pageItems(6, 12)).toEqual([1, 'gap', 5, 6, 7, 'gap', 12]);
    expect(pageItems(1, 12)).toEqual([1, 2, 'gap', 12]);
    expect(pageItems(12, 12)).toEqual([1, 'gap', 11, 12]);
  });

  it('shows a single left-out page as itself rather than as a gap', () => {
    expect(pageItems(4, 12)).toEqual([1, 2, 3, 4, 5, 'gap', 12]);
  });

  it('says which rows are on show', () => {
    expect(rangeLabel(2, 20, 45)).toBe('21–40 of 45');
    expect(rangeLabel(3, 20, 45)).toBe('41–45 of 45');
    expect(rangeLabel(1, 20, 0)).toBe('0 of 0');
    expect(rangeLabel(1, 20, 1234)).toBe('1–20 of 1,234');
  });

  it('marks a total that is only a lower bound, and leaves the last page open', () => {
    expect(rangeLabel(1, 20, 10000, false)).toBe('1–20 of 10,000+');
    expect(rangeLabel(501, 20, 10000, false)).toBe('10,001–10,020 of 10,000+');
    expect(pageItems(1, 500, 1, true)).toEqual([1, 2, 'gap', 500, 'gap']);
  });
});
