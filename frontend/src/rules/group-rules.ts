import type { FieldErrors } from '../api.ts';
import type { Group, GroupInput, Permission } from '../types.ts';
import { nameProblem } from './user-rules.ts';

/**
 * What the console checks about groups before sending, and who may do what to them. The server
 * checks everything again; these only catch mistakes as people type and keep off the screen the
 * controls that would be refused.
 */

/** The permission names the groups screens ask about (the server's, listed in its settings). */
export const GROUP_PERMISSIONS = {
  read: 'groups:read',
  write: 'groups:write',
  manageMembers: 'groups:manage-members',
} as const;

/** The longest description, counted as the server counts it (characters, once trimmed). */
export const DESCRIPTION_MAX = 1000;

const length = (text: string) => [...text].length;

export function descriptionProblem(raw: string): string | null {
  return length(raw.trim()) > DESCRIPTION_MAX ? `Use at most ${DESCRIPTION_MAX} characters.` : null;
}

/** Every problem with the form's values, by field, in the API's `errors` shape. */
export function validateGroupInput(input: GroupInput, creating: boolean): FieldErrors {
  const errors: FieldErrors = {};
  const name = creating || input.name !== undefined ? nameProblem(input.name ?? '') : null;
  if (name) errors.name = [name];
  const description = descriptionProblem(input.description ?? '');
  if (description) errors.description = [description];
  return errors;
}

/**
 * Only what changed, trimmed, so an edit never overwrites a field someone else changed meanwhile.
 * A blank description is `null`, the server's one form of "none".
 */
export function changedGroupFields(group: Group | undefined, input: GroupInput): GroupInput {
  const changes: GroupInput = {};
  const name = input.name?.trim();
  if (name !== undefined && name !== group?.name) changes.name = name;
  if (input.description !== undefined) {
    const description = input.description?.trim() || null;
    if (description !== (group?.description ?? null)) changes.description = description;
  }
  return changes;
}

export type GroupActionKey = 'edit' | 'delete';

/** What the signed-in person may do to a group; the server refuses the rest anyway. */
export function groupActions(can: (p: Permission) => boolean): GroupActionKey[] {
  return can(GROUP_PERMISSIONS.write) ? ['edit', 'delete'] : [];
}
