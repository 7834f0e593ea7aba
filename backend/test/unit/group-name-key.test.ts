import { describe, expect, it } from 'vitest';
import { groupNameKey } from '../../src/services/group-fields.js';

describe('groupNameKey: when two group names are the same', () => {
  it.each([
    ['Operations', 'OPERATIONS'],
    // Full case folding: ß and ẞ fold to ss, which toLowerCase leaves apart.
    ['Straße', 'STRASSE'],
    ['GROẞ', 'gross'],
    // Final and medial sigma fold alike.
    ['ΣΊΣΥΦΟΣ', 'σίσυφος'],
    // The Kelvin sign and the long s fold to k and s.
    ['\u212Aelvin', 'kelvin'],
    ['\u017Fun', 'sun'],
    // Canonically equivalent: é as one character, and as e with a combining accent.
    ['Caf\u00e9', 'CAFE\u0301'],
    // İ folds to i with a combining dot above, in any case.
    ['İstanbul', 'i\u0307stanbul'],
  ])('%s and %s are one name', (a, b) => {
    expect(groupNameKey(a)).toBe(groupNameKey(b));
  });

  it.each([
    // Different letters, not different cases: Turkish dotless ı is not i.
    ['Kılıc', 'Kilic'],
    ['Cafe', 'Café'],
    ['Team', 'Team 2'],
  ])('%s and %s are two names', (a, b) => {
    expect(groupNameKey(a)).not.toBe(groupNameKey(b));
  });

  it('keeps the key in NFC, so equal names store equal text', () => {
    expect(groupNameKey('CAFE\u0301')).toBe('caf\u00e9');
  });
});
