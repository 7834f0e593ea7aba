/**
 * The roles, least trusted first. The order is the rule: each role may do everything the one
 * before it may, so a permission names the lowest role that holds it (decision 0127).
 */
export const ROLES = ['viewer', 'manager', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** Whether `role` is `lowest` or ranks above it. */
export function isAtLeast(role: Role, lowest: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(lowest);
}
