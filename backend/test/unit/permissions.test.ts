import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  declarePermissions,
  permissionTable,
  type PermissionDeclaration,
  type PermissionTable,
} from '../../src/domain/permissions.js';
import { isAtLeast, ROLES, type Role } from '../../src/domain/roles.js';
import { permissions } from '../../src/permissions.js';

/**
 * Properties of the role table rather than a copy of it: a resource that adds a permission
 * edits its own declaration and nothing here. What each role may do at each route is proved
 * against the running API in test/http/permissions.test.ts.
 */

function expectNested(table: PermissionTable<string>): void {
  for (let i = 1; i < ROLES.length; i++) {
    const lower = table.of(ROLES[i - 1]!);
    const higher = table.of(ROLES[i]!);
    for (const permission of lower) expect(higher, `${ROLES[i]} has ${permission}`).toContain(permission);
  }
}

function expectTopRoleHoldsAll(table: PermissionTable<string>): void {
  expect([...table.of(ROLES.at(-1)!)].sort()).toEqual([...table.names].sort());
}

describe('the role table', () => {
  it('orders the roles viewer < manager < admin', () => {
    expect(ROLES).toEqual(['viewer', 'manager', 'admin']);
    expect(isAtLeast('admin', 'manager')).toBe(true);
    expect(isAtLeast('manager', 'admin')).toBe(false);
  });

  it('nests the roles: each has every permission of the role below it', () => {
    expectNested(permissions);
  });

  it('gives admin every permission', () => {
    expectTopRoleHoldsAll(permissions);
  });

  it('names each permission once, as resource:action, and answers can() as of() lists', () => {
    expect(new Set(permissions.names).size).toBe(permissions.names.length);
    for (const name of permissions.names) expect(name).toMatch(/^[a-z-]+:[a-z-]+$/);
    for (const role of ROLES) {
      for (const name of permissions.names) {
        expect(permissions.can(role, name), `${role} ${name}`).toBe(permissions.of(role).includes(name));
      }
    }
  });

  it('keeps something from every role below admin, and gives every role something', () => {
    // A table in which the roles did not differ would pass the properties above.
    for (const role of ROLES) expect(permissions.of(role).length, role).toBeGreaterThan(0);
    for (const role of ROLES.slice(0, -1)) {
      expect(permissions.of(role).length, role).toBeLessThan(permissions.names.length);
    }
  });

  it('knows the names it holds and no others', () => {
    expect(permissions.has('users:read')).toBe(true);
    expect(permissions.has('users:fly')).toBe(false);
  });
});

describe('merging declarations', () => {
  const resource = fc.stringMatching(/^[a-z]{1,8}$/);
  const declaration = fc.dictionary(
    fc.tuple(resource, resource).map(([r, a]) => `${r}:${a}` as const),
    fc.constantFrom(...ROLES),
    { maxKeys: 6 },
  );

  it('always nests the roles and gives the top role everything, whatever is declared', () => {
    fc.assert(
      fc.property(fc.array(declaration, { maxLength: 4 }), (declarations) => {
        // Names are unique across the generated declarations only by chance; keep the first.
        const seen = new Set<string>();
        const distinct = declarations.map((d) =>
          Object.fromEntries(Object.entries(d).filter(([name]) => !seen.has(name) && seen.add(name))),
        ) as PermissionDeclaration[];
        const table: PermissionTable<string> = permissionTable(...distinct);
        expectNested(table);
        expectTopRoleHoldsAll(table);
        for (const d of distinct) {
          for (const [name, lowest] of Object.entries<Role>(d)) {
            for (const role of ROLES) expect(table.can(role, name)).toBe(isAtLeast(role, lowest));
          }
        }
      }),
    );
  });

  it('refuses a permission declared twice, by two resources', () => {
    const first = declarePermissions({ 'reports:read': 'viewer' });
    const second = declarePermissions({ 'reports:read': 'admin' });
    expect(() => permissionTable(first, second)).toThrow('The permission reports:read is declared twice');
  });

  it('refuses a name that is not resource:action, and a role that does not exist', () => {
    expect(() => permissionTable({ 'reports:': 'viewer' } as PermissionDeclaration)).toThrow(
      /resource:action/,
    );
    expect(() => permissionTable({ 'reports:read': 'owner' } as unknown as PermissionDeclaration)).toThrow(
      /unknown role owner/,
    );
  });
});
