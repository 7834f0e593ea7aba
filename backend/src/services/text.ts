import { ValidationError } from '../errors.js';
import { NAME_MAX } from '../schemas/common.js';

// How any resource's free text is cleaned on the way in: a user's or a group's display name,
// a description. Lengths count characters as people do (code points: an emoji is one), after
// trimming, so spaces around a value never make it too long or pass for content.

export { NAME_MAX };

export function characterCount(text: string): number {
  return [...text].length;
}

/** A display name as stored: trimmed, 1 to `max` characters, or a 422 naming `field`. */
export function cleanName(raw: string, { field = 'name', max = NAME_MAX } = {}): string {
  const name = raw.trim();
  const length = characterCount(name);
  if (length < 1 || length > max) {
    throw new ValidationError({ [field]: [`must be 1 to ${max} characters`] });
  }
  return name;
}

/**
 * Optional free text such as a description, as stored: trimmed, null when nothing is left (so
 * "no description" has one form), at most `max` characters or a 422 naming `field`.
 */
export function cleanOptionalText(
  raw: string | null | undefined,
  { field, max }: { field: string; max: number },
): string | null {
  const text = raw?.trim() ?? '';
  if (text === '') return null;
  if (characterCount(text) > max) throw new ValidationError({ [field]: [`must be at most ${max} characters`] });
  return text;
}
