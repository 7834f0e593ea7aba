import { isAtLeast, ROLES, type Role } from './roles.js';

/**
 * A resource's permissions: each name, `resource:action`, with the lowest role that holds it.
 * Each resource declares its own beside its routes; `permissionTable` merges them into the one
 * role table (decision 0127). Because a permission names a lowest role, the roles nest and the
 * top role holds every permission by construction.
 */
export type PermissionDeclaration = Readonly<Record<`${string}:${string}`, Role>>;

/** Keeps the literal names of a declaration, so routes naming a permission are type-checked. */
export function declarePermissions<const D extends PermissionDeclaration>(declaration: D): D {
  return declaration;
}

/** The names of a list of declarations, as one union type. */
export type PermissionOf<Ds extends readonly PermissionDeclaration[]> = {
  [K in keyof Ds]: keyof Ds[K];
}[number] &
  string;

export interface PermissionTable<P extends string> {
  /** Every permission, in the order declared. */
  readonly names: readonly P[];
  /** What a role may do. */
  of(role: Role): readonly P[];
  can(role: Role, permission: P): boolean;
  /** Whether a name (from a route's config, say) is a declared permission. */
  has(name: string): name is P;
}

const NAME = /^[a-z]+(-[a-z]+)*:[a-z]+(-[a-z]+)*$/;

/** Merges declarations into the role table; a name declared twice or malformed stops the start. */
export function permissionTable<const Ds extends readonly PermissionDeclaration[]>(
  ...declarations: Ds
): PermissionTable<PermissionOf<Ds>> {
  type P = PermissionOf<Ds>;
  const lowest = new Map<string, Role>();
  for (const declaration of declarations) {
    for (const [name, role] of Object.entries(declaration)) {
      if (lowest.has(name)) throw new Error(`The permission ${name} is declared twice`);
      if (!NAME.test(name)) throw new Error(`The permission ${name} is not named resource:action`);
      if (!ROLES.includes(role)) throw new Error(`The permission ${name} names an unknown role ${role}`);
      lowest.set(name, role);
    }
  }
  const names = [...lowest.keys()] as P[];
  const byRole = new Map(ROLES.map((role) => [role, names.filter((n) => isAtLeast(role, lowest.get(n)!))]));
  return {
    names,
    of: (role) => byRole.get(role) ?? [],
    can: (role, permission) => byRole.get(role)?.includes(permission) ?? false,
    has: (name): name is P => lowest.has(name),
  };
}
