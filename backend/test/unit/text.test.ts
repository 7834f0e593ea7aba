import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/errors.js';
import { cleanName, cleanOptionalText, NAME_MAX } from '../../src/services/text.js';

/** The field errors of the ValidationError `work` throws. */
const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return { errors: (error as ValidationError).fieldErrors };
  }
  throw new Error('expected a refusal');
};

describe('display names', () => {
  it('are stored trimmed', () => {
    expect(cleanName('  Ada Lovelace \t')).toBe('Ada Lovelace');
  });

  it('count characters, not UTF-16 units, and only once trimmed', () => {
    expect(cleanName(` ${'😀'.repeat(NAME_MAX)} `)).toHaveLength(2 * NAME_MAX);
    expect(refusal(() => cleanName('😀'.repeat(NAME_MAX + 1)))).toMatchObject({
      errors: { name: [`must be 1 to ${NAME_MAX} characters`] },
    });
  });

  it('refuse blank names under the field and limit the caller names', () => {
    expect(refusal(() => cleanName('   ', { field: 'title', max: 5 })).errors).toEqual({
      title: ['must be 1 to 5 characters'],
    });
    expect(refusal(() => cleanName('abcdef', { field: 'title', max: 5 })).errors).toEqual({
      title: ['must be 1 to 5 characters'],
    });
  });
});

describe('optional text', () => {
  const description = { field: 'description', max: 4 };

  it('has one form for "none": null, whether absent, null or blank', () => {
    expect(cleanOptionalText(undefined, description)).toBeNull();
    expect(cleanOptionalText(null, description)).toBeNull();
    expect(cleanOptionalText(' \n ', description)).toBeNull();
  });

  it('is trimmed and limited in characters', () => {
    expect(cleanOptionalText(' 😀😀😀😀 ', description)).toBe('😀😀😀😀');
    expect(refusal(() => cleanOptionalText('abcde', description)).errors).toEqual({
      description: ['must be at most 4 characters'],
    });
  });
});
