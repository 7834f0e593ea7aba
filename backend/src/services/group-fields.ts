import { caseFold } from 'unicode-case-folding';
import { toIso } from '../db/dialect.js';
import type { MemberRow } from '../db/group-members.repository.js';
import type { GroupRow } from '../db/types.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Group, GroupMember, UpdateGroupBody } from '../schemas/groups.js';
import type { User } from '../schemas/users.js';
import { toUser } from './user-fields.js';

/** How a group's fields are compared and shaped on the way out. */

/**
 * The form of a name that uniqueness and search compare: Unicode's canonical caseless match
 * (NFD, full case folding, then normalized again; The Unicode Standard, 3.13, D145), kept in
 * NFC. So "Straße" and "STRASSE", "ΣΊΣΥΦΟΣ" and "σίσυφος", or an é typed as one character or
 * as e and an accent, are one name. Case folding keeps the Turkish dotless ı apart from i, as
 * it should: they are different letters.
 */
export function groupNameKey(name: string): string {
  return caseFold(name.normalize('NFD')).normalize('NFC');
}

export function toGroup(row: GroupRow): Group {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    created_at: toIso(row.created_at),
    updated_at: toIso(row.updated_at),
    version: row.version,
  };
}

export function toMember(row: MemberRow): GroupMember {
  const user: Partial<User> = toUser(row);
  delete user.version;
  return { ...(user as Omit<User, 'version'>), added_at: toIso(row.added_at) };
}

/** The group a lookup found, or the NotFoundError every groups service answers. */
export async function requireGroup<Row>(lookup: Promise<Row | undefined>): Promise<Row> {
  const row = await lookup;
  if (!row) throw new NotFoundError('Group not found');
  return row;
}

export function assertHasGroupChanges(input: UpdateGroupBody): void {
  if (Object.keys(input).length === 0) {
    throw new ValidationError(
      { body: ['must contain at least one of: name, description'] },
      'Nothing to update',
    );
  }
}
